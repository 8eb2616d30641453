// Who may reach the gateway: every endpoint behind admit, anonymous access only on loopback unless forced,
// the Host allow-list on loopback (DNS rebinding), and readiness as load balancers should read it.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../src/index.js';
import { type RunningGateway, startGateway } from './harness.js';
import { type ProbeOptions, probePlugin } from './probe-plugin.js';

const running: RunningGateway[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.close();
});

const base: ServerConfigInput = {
  providers: { mock: { type: 'mock' } },
  models: { fast: { provider: 'mock', model: 'echo' } },
  plugins: { probe: {} },
};

async function start(probe: ProbeOptions, server: ServerConfigInput['server'] = {}, logLines?: string[]) {
  const p = probePlugin(probe);
  const logger = logLines
    ? pino(
        { level: 'warn' },
        new Writable({
          write(chunk, _e, cb) {
            logLines.push(String(chunk));
            cb();
          },
        }),
      )
    : undefined;
  const gw = await startGateway({ ...base, server }, { plugins: [p.plugin], ...(logger ? { logger } : {}) });
  running.push(gw);
  return { gw, probe: p };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const r = await request(url, { headers });
  const text = await r.body.text();
  return { status: r.statusCode, text, json: text ? JSON.parse(text) : undefined };
}

describe('every endpoint behind admit', () => {
  it('/v1/models, /v1/models/:id and /v1/messages/count_tokens refuse callers without a key', async () => {
    const { gw, probe } = await start({ requireKey: true });
    expect((await get(`${gw.baseURL}/models`)).status).toBe(401);
    expect((await get(`${gw.baseURL}/models/fast`)).status).toBe(401);
    const count = await request(`${gw.baseURL}/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(count.statusCode).toBe(401);
    expect(((await count.body.json()) as { type: string }).type).toBe('error');
    const key = { authorization: 'Bearer k' };
    const list = await get(`${gw.baseURL}/models`, key);
    expect(list.json.data.map((m: { id: string }) => m.id)).toEqual(['fast']);
    expect((await get(`${gw.baseURL}/models/fast`, key)).status).toBe(200);
    const counted = await request(`${gw.baseURL}/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(((await counted.body.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    expect(probe.state.outcomes.map((o) => o.endpoint)).toEqual(['models', 'models', 'count_tokens', 'models', 'models', 'count_tokens']);
  });
});

describe('open access', () => {
  it('refuses to listen beyond loopback when nothing requires credentials', async () => {
    await expect(start({}, { host: '0.0.0.0' })).rejects.toThrow(/not loopback.*allowOpenAccess/s);
  });

  it('listens beyond loopback when a plugin requires credentials', async () => {
    const { gw } = await start({ requireKey: true }, { host: '0.0.0.0' });
    expect((await get(`${gw.url.replace('0.0.0.0', '127.0.0.1')}/healthz`)).status).toBe(200);
  });

  it('allowOpenAccess listens anyway, with a loud warning', async () => {
    const logs: string[] = [];
    const { gw } = await start({}, { host: '0.0.0.0', allowOpenAccess: true }, logs);
    expect((await get(`${gw.url.replace('0.0.0.0', '127.0.0.1')}/v1/models`)).status).toBe(200);
    expect(logs.join('')).toMatch(/OPEN ACCESS/);
  });
});

describe('Host allow-list on loopback (DNS rebinding)', () => {
  it('accepts local names with the listening port and allowedHosts; refuses others with 403 host_not_allowed', async () => {
    const { gw } = await start({}, { allowedHosts: ['gateway.internal'] });
    const port = new URL(gw.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`, `gateway.internal:${port}`]) {
      expect((await get(`${gw.baseURL}/models`, { host })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost:${Number(port) + 1}`, `127.0.0.1.evil.example:${port}`]) {
      const r = await get(`${gw.baseURL}/models`, { host });
      expect(r.status, host).toBe(403);
      expect(r.json.error.code).toBe('host_not_allowed');
    }
  });
});

describe('readiness', () => {
  it('a failing non-critical check (a fail-open store) is 200 degraded; a critical one is 503', async () => {
    const { gw } = await start({ checks: { 'cache-redis': [false, false] } });
    const degraded = await get(`${gw.url}/readyz`);
    expect(degraded.status).toBe(200);
    expect(degraded.json).toMatchObject({ status: 'degraded', checks: { 'cache-redis': { ok: false, critical: false } } });
    const { gw: down } = await start({ checks: { 'ledger-db': [false, true] } });
    const notReady = await get(`${down.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.json.status).toBe('not_ready');
  });
});
