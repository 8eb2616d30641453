// End to end over real HTTP with the official openai SDK: config keys, admin API, revocation, SQLite at rest.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../src/key-format.js';
import { chat, configKey, type RunningServer, request, startAuthServer, tempDir } from './helpers.js';

const ADMIN_KEY = 'sy-admin-test-key-0123456789abcdef';
const scoped = configKey({ team: 'search', user: 'ana', models: ['gpt-*', 'test'], feature: 'qa' });
let gw: RunningServer;
let dbPath: string;

const sdk = (apiKey: string) => new OpenAI({ baseURL: gw.baseURL, apiKey, maxRetries: 0 });
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

beforeAll(async () => {
  dbPath = join(tempDir(), 'nested', 'auth.db');
  gw = await startAuthServer({ store: 'sqlite', sqlitePath: dbPath, adminKey: ADMIN_KEY, keys: [scoped.entry] });
});

afterAll(async () => {
  await gw?.close();
});

describe('gateway keys over HTTP (openai SDK)', () => {
  it('a valid key answers 200 and the principal reaches later taps', async () => {
    const res = await sdk(scoped.key).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi there' }] });
    expect(res.choices[0]?.message.content).toContain('hi there');
    expect(gw.seen.at(-1)).toMatchObject({ principal: { keyId: scoped.entry.id, team: 'search', user: 'ana' }, feature: 'qa' });
  });

  it('streams with a valid key', async () => {
    const stream = await sdk(scoped.key).chat.completions.create({
      model: 'test',
      stream: true,
      messages: [{ role: 'user', content: 'a b c' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('a b c');
  });

  it('a missing or wrong key is a 401 invalid_api_key in OpenAI error JSON', async () => {
    const missing = await request(`${gw.baseURL}/chat/completions`, { body: chat('test') });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatchObject({ code: 'invalid_api_key', type: 'authentication_error' });
    const wrong = `sy-${scoped.entry.id}-${'x'.repeat(43)}`;
    const err = await sdk(wrong)
      .chat.completions.create({ model: 'test', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.status).toBe(401);
    expect(err.code).toBe('invalid_api_key');
    expect(JSON.stringify(err.error)).not.toContain(wrong);
  });

  it('a model outside the key allow-list is a 403 naming the model', async () => {
    const err = await sdk(scoped.key)
      .chat.completions.create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.status).toBe(403);
    expect(err.message).toContain('claude-haiku');
  });

  it('accepts x-api-key (Anthropic clients) on /v1/messages and /v1/chat/completions, and api-key', async () => {
    const messages = await request(`${gw.url}/v1/messages`, {
      headers: { 'x-api-key': scoped.key, 'anthropic-version': '2023-06-01' },
      body: { model: 'test', max_tokens: 50, messages: [{ role: 'user', content: 'from anthropic' }] },
    });
    expect(messages.status).toBe(200);
    expect(messages.json.type).toBe('message');
    const denied = await request(`${gw.url}/v1/messages`, {
      headers: { 'anthropic-version': '2023-06-01' },
      body: { model: 'test', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] },
    });
    expect(denied.status).toBe(401);
    expect((await request(`${gw.baseURL}/chat/completions`, { headers: { 'x-api-key': scoped.key }, body: chat('test') })).status).toBe(
      200,
    );
    expect((await request(`${gw.baseURL}/chat/completions`, { headers: { 'api-key': scoped.key }, body: chat('test') })).status).toBe(200);
  });

  it('admin endpoints need the admin key; gateway keys are not admin keys', async () => {
    expect((await request(`${gw.url}/admin/keys`)).status).toBe(401);
    expect((await request(`${gw.url}/admin/keys`, { headers: { authorization: `Bearer ${scoped.key}` } })).status).toBe(401);
    expect(
      (await request(`${gw.url}/admin/keys`, { headers: { authorization: 'Bearer sy-admin-test-key-0123456789abcdeX' } })).status,
    ).toBe(401);
    const noKey = await request(`${gw.url}/admin/keys`, { body: { team: 't', user: 'u' } });
    expect(noKey.status).toBe(401);
    expect(noKey.json.error.type).toBe('authentication_error');
    expect((await request(`${gw.url}/admin/keys`, { headers: admin })).status).toBe(200);
    expect((await request(`${gw.url}/admin/keys`, { headers: { 'x-api-key': ADMIN_KEY } })).status).toBe(200);
  });

  it('creates a key through the admin API, uses it at once, lists it without secrets, revokes it', async () => {
    const created = await request(`${gw.url}/admin/keys`, {
      headers: admin,
      body: { team: 'billing', user: 'bo', name: 'nightly', models: ['test'], allowAttributionHeaders: true },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { key, id, hash } = created.json;
    expect(key).toMatch(new RegExp(`^sy-${id}-`));
    expect(hash).toBe(hashKey(key));
    expect(created.json).toMatchObject({ team: 'billing', user: 'bo', name: 'nightly', status: 'active', source: 'store' });

    const res = await sdk(key).chat.completions.create(
      { model: 'test', messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-switchyard-feature': 'search-box' } },
    );
    expect(res.object).toBe('chat.completion');
    expect(gw.seen.at(-1)).toMatchObject({
      principal: { keyId: id, team: 'billing', user: 'bo', keyName: 'nightly' },
      feature: 'search-box',
    });

    const list = await request(`${gw.url}/admin/keys`, { headers: admin });
    expect(list.json.data.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([id, scoped.entry.id]));
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain(hash.slice(7));
    expect(list.text).not.toContain(scoped.entry.hash.slice(7));
    expect((await request(`${gw.url}/admin/keys/${id}`, { headers: admin })).json).toMatchObject({ id, status: 'active' });

    const revoked = await request(`${gw.url}/admin/keys/${id}`, { method: 'DELETE', headers: admin });
    expect(revoked).toMatchObject({ status: 200, json: { id, revoked: true } });
    const after = await sdk(key)
      .chat.completions.create({ model: 'test', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    expect(after.status).toBe(401);
    expect(after.message).toMatch(/revoked/);
    expect((await request(`${gw.url}/admin/keys/${id}`, { headers: admin })).json.status).toBe('revoked');
  });

  it('admin API errors: bad body 400, unknown id 404 without echoing a pasted key, config key 409', async () => {
    const bad = await request(`${gw.url}/admin/keys`, { headers: admin, body: { team: 't' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('user');
    const unknown = await request(`${gw.url}/admin/keys/nosuchkey`, { method: 'DELETE', headers: admin });
    expect(unknown.status).toBe(404);
    const pasted = await request(`${gw.url}/admin/keys/${encodeURIComponent(scoped.key)}`, { method: 'DELETE', headers: admin });
    expect(pasted.status).toBe(404);
    expect(pasted.text).not.toContain(scoped.key);
    const cfg = await request(`${gw.url}/admin/keys/${scoped.entry.id}`, { method: 'DELETE', headers: admin });
    expect(cfg.status).toBe(409);
  });

  it('stores only hashes in SQLite', async () => {
    const created = await request(`${gw.url}/admin/keys`, { headers: admin, body: { team: 't', user: 'u' } });
    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM switchyard_auth_keys').all() as Record<string, unknown>[];
      const dump = JSON.stringify(rows);
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(dump).toContain(created.json.hash);
      expect(dump).not.toContain(created.json.key);
      expect(dump).not.toContain(created.json.key.split('-').at(-1));
    } finally {
      db.close();
    }
  });

  it('/readyz reports the key store', async () => {
    const ready = await request(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json.checks['auth-store:sqlite']).toEqual({ ok: true, critical: true });
  });
});
