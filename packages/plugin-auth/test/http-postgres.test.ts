// Two gateway instances sharing one real PostgreSQL key store: create on one, use on the other, revoke, store outage.
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import OpenAI from 'openai';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, type RunningServer, request, startAuthServer } from './helpers.js';

const ADMIN_KEY = 'postgres-admin-key-0123456789abcdefghij';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const TTL = 300;
let postgres: TestPostgres;
let dbUrl: string;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  postgres = await startPostgres();
  dbUrl = await postgres.createDatabase();
  const auth = { store: 'postgres' as const, postgresUrl: dbUrl, adminKey: ADMIN_KEY, cacheTtlMs: TTL };
  a = await startAuthServer(auth);
  b = await startAuthServer(auth);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await postgres?.stop();
});

const createKey = async (gw: RunningServer, body: Record<string, unknown>) => {
  const res = await request(`${gw.url}/admin/keys`, { headers: admin, body });
  expect(res.status).toBe(201);
  return res.json as { key: string; id: string; hash: string };
};

describe('PostgreSQL key store shared by two instances', () => {
  it('a key created on A works on B at once', async () => {
    const { key, id } = await createKey(a, { team: 'ops', user: 'kim', models: ['gpt-*'] });
    const res = await new OpenAI({ baseURL: b.baseURL, apiKey: key, maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello from b' }],
    });
    expect(res.choices[0]?.message.content).toContain('hello from b');
    expect(b.seen.at(-1)?.principal).toMatchObject({ keyId: id, team: 'ops', user: 'kim' });
    const forbidden = await request(`${b.baseURL}/chat/completions`, { headers: { authorization: `Bearer ${key}` }, body: chat('test') });
    expect(forbidden.status).toBe(403);
  });

  it('a revoke on A is refused on A at once and on B within the cache TTL', async () => {
    const { key, id } = await createKey(a, { team: 'ops', user: 'lee' });
    const auth = { authorization: `Bearer ${key}` };
    expect((await request(`${b.baseURL}/chat/completions`, { headers: auth, body: chat('test') })).status).toBe(200);
    expect((await request(`${a.url}/admin/keys/${id}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect((await request(`${a.baseURL}/chat/completions`, { headers: auth, body: chat('test') })).status).toBe(401);
    await new Promise((r) => setTimeout(r, TTL + 50));
    const onB = await request(`${b.baseURL}/chat/completions`, { headers: auth, body: chat('test') });
    expect(onB.status).toBe(401);
    expect(onB.json.error.message).toMatch(/revoked/);
  });

  it('both instances list the same keys', async () => {
    const listA = await request(`${a.url}/admin/keys`, { headers: admin });
    const listB = await request(`${b.url}/admin/keys`, { headers: admin });
    expect(listA.json.data.length).toBeGreaterThanOrEqual(2);
    expect(listB.json.data).toEqual(listA.json.data);
  });

  it('stores only hashes in PostgreSQL', async () => {
    const { key, hash } = await createKey(a, { team: 't', user: 'u' });
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT * FROM switchyard_auth_keys');
      const dump = JSON.stringify(rows);
      expect(dump).toContain(hash);
      expect(dump).not.toContain(key);
      expect(dump).not.toContain(key.split('-').at(-1));
    } finally {
      await client.end();
    }
  });

  it('when PostgreSQL is down: cached keys still work, others get 503, /readyz is degraded', async () => {
    const c = await startAuthServer({ store: 'postgres', postgresUrl: dbUrl, cacheTtlMs: 60_000 });
    try {
      const cachedKey = (await createKey(a, { team: 't', user: 'cached' })).key;
      const coldKey = (await createKey(a, { team: 't', user: 'cold' })).key;
      const call = (key: string) =>
        request(`${c.baseURL}/chat/completions`, { headers: { authorization: `Bearer ${key}` }, body: chat('test') });
      expect((await call(cachedKey)).status).toBe(200);
      await postgres.stop();
      expect((await call(cachedKey)).status).toBe(200);
      const cold = await call(coldKey);
      expect(cold.status).toBe(503);
      expect(cold.json.error.code).toBe('store_unavailable');
      expect(cold.text).not.toContain(coldKey);
      const ready = await request(`${c.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.json.checks['auth-store:postgres'].ok).toBe(false);
    } finally {
      await c.close();
    }
  });
});
