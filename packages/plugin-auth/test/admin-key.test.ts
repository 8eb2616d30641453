// The admin key at boot and without one: no default key, short or example keys refused with a coded
// config error naming the key path, and no admin key means /admin/* is refused to everyone.
import { mockProvider } from '@switchyard/provider-mock';
import { createServer } from '@switchyard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../src/index.js';
import { configKey, MODELS, type RunningServer, request, startAuthServer } from './helpers.js';

const boot = (adminKey: string) =>
  createServer({
    config: {
      server: { port: 0, logLevel: 'silent' },
      providers: { mock: { type: 'mock' } },
      models: MODELS,
      plugins: { auth: { store: 'none', adminKey } },
    },
    providers: [mockProvider],
    plugins: [authPlugin],
  });

describe('admin key at start', () => {
  it.each([
    ['shorter than 32 bytes', 'only-twenty-six-characters', /at least 32 bytes/],
    ['the old example default', 'example-admin-key-change-me', /example value from the documentation/],
  ])('refuses a key %s with SY_ERR_PLUGIN_CONFIG naming plugins.auth.adminKey', async (_what, adminKey, reason) => {
    const err = await boot(adminKey).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('SY_ERR_PLUGIN_CONFIG');
    expect(err?.message).toContain('plugins.auth.adminKey');
    expect(err?.message).toMatch(reason);
    expect(err?.message).not.toContain(adminKey);
  });
});

describe('without an admin key', () => {
  const user = configKey({ team: 't', user: 'u' });
  let gw: RunningServer;
  beforeAll(async () => {
    gw = await startAuthServer({ store: 'none', keys: [user.entry], adminKey: '' });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses /admin/* to every caller: no key, any bearer, a gateway key', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer ' },
      { authorization: 'Bearer anything-at-all-0123456789abcdef' },
      { authorization: `Bearer ${user.key}` },
    ]) {
      const res = await request(`${gw.url}/admin/keys`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json.error.code).toBe('invalid_admin_key');
    }
    // Model traffic is unaffected.
    const ok = await request(`${gw.baseURL}/chat/completions`, {
      headers: { authorization: `Bearer ${user.key}` },
      body: { model: 'test', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(ok.status).toBe(200);
  });
});
