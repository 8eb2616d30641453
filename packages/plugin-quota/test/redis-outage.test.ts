// Redis killed mid-test: fail-open admits without limits and /readyz reports the store degraded;
// fail-closed refuses with 503 store_unavailable; each outage is logged once; once Redis is back
// (empty, scripts not loaded) limits apply again.
import { createGateway, type Logger } from '@switchyard/core';
import { mockProvider } from '@switchyard/provider-mock';
import { startRedis, type TestRedis } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaPlugin } from '../src/index.js';
import { chat, eventually, type Running, startQuotaServer, uniquePrefix } from './helpers.js';

let redis: TestRedis;
const servers: Running[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await redis?.stop();
});

async function readyz(gw: Running): Promise<{ status: number; json: any }> {
  const res = await fetch(`${gw.url}/readyz`);
  return { status: res.status, json: await res.json() };
}

const statuses = async (gw: Running, n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await chat(gw, { model: 'fast' })).status);
  return out;
};

describe('Redis outage', () => {
  it('fails open or closed as configured, reports /readyz degraded, and enforces limits again once Redis is back', async () => {
    const limits = [{ scope: 'global' as const, requestsPerMinute: 3 }];
    const [open, closed] = await Promise.all([
      startQuotaServer({ store: 'redis', redisUrl: redis.url, keyPrefix: uniquePrefix(), failMode: 'open', limits }),
      startQuotaServer({ store: 'redis', redisUrl: redis.url, keyPrefix: uniquePrefix(), failMode: 'closed', limits }),
    ]);
    servers.push(open, closed);
    expect((await readyz(open)).json.checks['quota-redis']).toMatchObject({ ok: true });
    expect(await statuses(open, 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(closed, 4)).toEqual([200, 200, 200, 429]);

    await redis.stop();
    // fail-open: admitted without limits (and without limit headers).
    const t0 = performance.now();
    const during = await Promise.all(Array.from({ length: 5 }, () => chat(open, { model: 'fast' })));
    expect(during.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(during[0]?.headers.get('x-ratelimit-limit-requests')).toBeNull();
    // A dead Redis does not stall requests.
    expect(performance.now() - t0).toBeLessThan(1_000);
    const degraded = await readyz(open);
    // Fail-open still serves, so the instance stays in rotation but says it is degraded.
    expect(degraded.status).toBe(200);
    expect(degraded.json.status).toBe('degraded');
    expect((await readyz(closed)).status).toBe(503);
    expect(degraded.json.checks['quota-redis'].ok).toBe(false);
    expect(degraded.json.checks['quota-redis'].detail).toMatch(/redis (reconnecting|connecting|close|end)/);
    // fail-closed: a clear 503.
    const refused = await chat(closed, { model: 'fast' });
    expect(refused.status).toBe(503);
    expect(refused.json.error).toMatchObject({ code: 'store_unavailable', type: 'service_unavailable' });
    expect(refused.headers.get('retry-after')).toBe('1');

    await redis.start();
    await eventually(async () => (await readyz(open)).status === 200 && (await readyz(closed)).status === 200, 5_000);
    // The restarted Redis is empty and has no scripts cached: limits apply from zero again.
    expect(await statuses(open, 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(closed, 4)).toEqual([200, 200, 200, 429]);
  });

  it('boots degraded when Redis is down and connects in the background when it comes up', async () => {
    await redis.stop();
    const gw = await startQuotaServer({
      store: 'redis',
      redisUrl: redis.url,
      keyPrefix: uniquePrefix(),
      failMode: 'closed',
      limits: [{ scope: 'global', requestsPerMinute: 1 }],
    });
    servers.push(gw);
    expect((await readyz(gw)).status).toBe(503);
    expect((await chat(gw, { model: 'fast' })).status).toBe(503);
    await redis.start();
    await eventually(async () => (await readyz(gw)).status === 200, 5_000);
    expect(await statuses(gw, 2)).toEqual([200, 429]);
  });

  it('logs each outage once and its recovery once', async () => {
    const logs: { level: string; msg: string | undefined }[] = [];
    const rec =
      (level: string) =>
      (_obj: unknown, msg?: string): void => {
        if (msg?.startsWith('quota store')) logs.push({ level, msg });
      };
    const logger: Logger = { debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
    const gw = createGateway({
      config: { providers: { mock: { type: 'mock' } }, models: { fast: { provider: 'mock', model: 'echo' } } },
      providers: [mockProvider],
      plugins: [
        [
          quotaPlugin,
          { store: 'redis', redisUrl: redis.url, keyPrefix: uniquePrefix(), limits: [{ scope: 'global', requestsPerMinute: 100 }] },
        ],
      ],
      logger,
    });
    await gw.ready();
    const req = { model: 'fast', messages: [{ role: 'user' as const, content: 'hi' }] };
    await gw.chat(req);
    await redis.stop();
    for (let i = 0; i < 5; i++) await gw.chat(req);
    await redis.start();
    await eventually(async () => (await gw.health()).checks['quota-redis']?.ok === true, 5_000);
    await gw.chat(req);
    expect(logs).toEqual([
      { level: 'warn', msg: 'quota store: Redis unreachable, admitting requests without limits' },
      { level: 'info', msg: 'quota store: Redis reachable again, limits apply' },
    ]);
    await gw.close();
  });
});
