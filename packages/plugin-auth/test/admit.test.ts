// The admit tap in-process: principals, model allow-lists, attribution rules, key states, anonymous mode, the cache.
import { ANONYMOUS, type Gateway, type SwitchyardError } from '@switchyard/core';
import { createTestGateway } from '@switchyard/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTH_KEY_REGISTRY, authPlugin, KeyPolicySchema, type KeyRegistry } from '../src/index.js';
import type { KeyStore } from '../src/key-store.js';
import type { AuthOptionsInput } from '../src/options.js';
import { configKey, MODELS, probePlugin } from './helpers.js';

const open: Gateway[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

async function gateway(auth: AuthOptionsInput) {
  const probe = probePlugin();
  const gw = await createTestGateway({ plugins: [[authPlugin, auth], probe.plugin], config: { models: MODELS } });
  open.push(gw);
  const call = (model: string, headers: Record<string, string> = {}) =>
    gw.chat({ model, messages: [{ role: 'user', content: 'hi' }] }, { headers });
  const fail = (model: string, headers: Record<string, string> = {}) =>
    call(model, headers).then(
      () => {
        throw new Error('expected a denial');
      },
      (e: SwitchyardError) => e,
    );
  return { gw, seen: probe.seen, call, fail };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('admit at Stage.AUTH', () => {
  it('sets the principal from a config key, never the key or its hash', async () => {
    const k = configKey({ team: 'search', user: 'ana', name: 'ci' });
    const { call, seen } = await gateway({ store: 'none', keys: [k.entry] });
    await call('test', bearer(k.key));
    expect(seen[0]?.principal).toEqual({ keyId: k.entry.id, team: 'search', user: 'ana', keyName: 'ci' });
    expect(JSON.stringify(seen[0])).not.toContain(k.key.split('-').at(-1));
    expect(JSON.stringify(seen[0])).not.toContain(k.entry.hash.slice(7));
  });

  it('refuses missing, malformed, unknown and wrong keys with 401 and never echoes them', async () => {
    const k = configKey({ team: 't', user: 'u' });
    const { fail } = await gateway({ store: 'none', keys: [k.entry] });
    const missing = await fail('test');
    expect(missing).toMatchObject({ code: 'SY_ERR_UNAUTHORIZED', status: 401, apiCode: 'invalid_api_key' });
    expect(missing.message).toMatch(/Missing API key/);
    const wrongSecret = `sy-${k.entry.id}-${'A'.repeat(43)}`;
    const unknownId = `sy-zzzzzzzzzzzz-${'B'.repeat(43)}`;
    for (const bad of ['not-a-key', wrongSecret, unknownId, `${k.key}x`]) {
      const e = await fail('test', bearer(bad));
      expect(e).toMatchObject({ code: 'SY_ERR_UNAUTHORIZED', status: 401 });
      expect(e.message).not.toContain(bad);
    }
  });

  it('refuses models outside the allow-list with 403 naming the model; globs match', async () => {
    const k = configKey({ team: 't', user: 'u', models: ['gpt-*', 'test'] });
    const { call, fail } = await gateway({ store: 'none', keys: [k.entry] });
    await call('gpt-4o-mini', bearer(k.key));
    await call('test', bearer(k.key));
    const e = await fail('claude-haiku', bearer(k.key));
    expect(e).toMatchObject({ code: 'SY_ERR_FORBIDDEN', status: 403, param: 'model' });
    expect(e.message).toContain('"claude-haiku"');
  });

  it('applies the model allow-list to embeddings too', async () => {
    const k = configKey({ team: 't', user: 'u', models: ['test'] });
    const { gw } = await gateway({ store: 'none', keys: [k.entry] });
    await expect(gw.embed({ model: 'embed', input: 'x' }, { headers: bearer(k.key) })).rejects.toMatchObject({ status: 403 });
  });

  it('refuses disabled and expired keys with 401', async () => {
    const off = configKey({ team: 't', user: 'u', disabled: true });
    const old = configKey({ team: 't', user: 'u', expiresAt: '2020-01-01T00:00:00Z' });
    const later = configKey({ team: 't', user: 'u', expiresAt: '2999-01-01T00:00:00Z' });
    const { fail, call } = await gateway({ store: 'none', keys: [off.entry, old.entry, later.entry] });
    expect((await fail('test', bearer(off.key))).message).toMatch(/disabled/);
    expect((await fail('test', bearer(old.key))).message).toMatch(/expired/);
    await call('test', bearer(later.key));
  });

  it('resets attribution to the key defaults unless the key allows headers', async () => {
    const strict = configKey({ team: 't', user: 'u', feature: 'chatbot', customer: 'acme', tags: ['prod'] });
    const open = configKey({ team: 't', user: 'u', feature: 'chatbot', allowAttributionHeaders: true });
    const { call, seen } = await gateway({ store: 'none', keys: [strict.entry, open.entry] });
    const headers = { 'x-switchyard-feature': 'spoofed', 'x-switchyard-customer': 'evil', 'x-switchyard-tags': 'a,b' };
    await call('test', { ...bearer(strict.key), ...headers });
    expect(seen[0]).toMatchObject({ feature: 'chatbot', customer: 'acme', tags: ['prod'] });
    await call('test', { ...bearer(open.key), ...headers });
    expect(seen[1]).toMatchObject({ feature: 'spoofed', customer: 'evil', tags: ['a', 'b'] });
    await call('test', bearer(open.key));
    expect(seen[2]).toMatchObject({ feature: 'chatbot', customer: undefined, tags: [] });
  });

  it('allowAnonymous lets keyless requests through as ANONYMOUS but still refuses wrong keys', async () => {
    const { call, fail, seen } = await gateway({ store: 'none', allowAnonymous: true });
    await call('test');
    expect(seen[0]?.principal).toBe(ANONYMOUS);
    expect((await fail('test', bearer('sy-abcd-wrongwrongwrongwrongwrong'))).status).toBe(401);
  });

  it('serves store keys from the cache and forgets them on revoke', async () => {
    const { gw, call, fail } = await gateway({ store: 'sqlite', sqlitePath: ':memory:', cacheTtlMs: 60_000 });
    const registry = gw.container.resolve<KeyRegistry>(AUTH_KEY_REGISTRY);
    const created = await registry.create(KeyPolicySchema.parse({ team: 't', user: 'u' }));
    const store = (registry as unknown as { store: KeyStore }).store;
    const get = vi.spyOn(store, 'get');
    await Promise.all([call('test', bearer(created.key)), call('test', bearer(created.key))]);
    await call('test', bearer(created.key));
    expect(get).toHaveBeenCalledTimes(1);
    await registry.revoke(created.id);
    expect((await fail('test', bearer(created.key))).message).toMatch(/revoked/);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('answers 503 (not 401) when the store cannot be read', async () => {
    const { gw, fail } = await gateway({ store: 'sqlite', sqlitePath: ':memory:' });
    const registry = gw.container.resolve<KeyRegistry>(AUTH_KEY_REGISTRY);
    const created = await registry.create(KeyPolicySchema.parse({ team: 't', user: 'u' }));
    const store = (registry as unknown as { store: KeyStore }).store;
    vi.spyOn(store, 'get').mockRejectedValue(new Error('disk gone'));
    const e = await fail('test', bearer(created.key));
    expect(e).toMatchObject({ code: 'SY_ERR_STORE_UNAVAILABLE', status: 503 });
    expect(e.message).not.toContain(created.key);
  });
});
