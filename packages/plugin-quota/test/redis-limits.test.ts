// The Redis store end to end on a real redis-server: one limit enforced exactly by one instance and
// by two instances sharing the Redis, and concurrency slots held by slow streams across instances.
import { startRedis, type TestRedis } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burst, chat, eventually, expectRateLimited, type Running, startQuotaServer, uniquePrefix } from './helpers.js';

let redis: TestRedis;
const servers: Running[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await redis?.stop();
});
async function start(limits: unknown[], keyPrefix: string): Promise<Running> {
  const s = await startQuotaServer({ store: 'redis', redisUrl: redis.url, keyPrefix, limits: limits as never });
  servers.push(s);
  return s;
}

const LONG = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');

describe('quota plugin over HTTP (redis store)', () => {
  it('200 parallel requests against 50 requests/min admit exactly the 50 of the burst (plus what refilled meanwhile)', async () => {
    const gw = await start([{ scope: 'global', requestsPerMinute: 50 }], uniquePrefix());
    expectRateLimited(await burst(200, () => chat(gw, { model: 'fast' })), 200, 50);
    const refused = await chat(gw, { model: 'fast' });
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('two gateway instances sharing one Redis enforce one limit: 200 requests split across both admit the one burst of 50', async () => {
    const prefix = uniquePrefix();
    const limits = [{ scope: 'global', requestsPerMinute: 50 }];
    const [a, b] = await Promise.all([start(limits, prefix), start(limits, prefix)]);
    expect(a?.url).not.toBe(b?.url);
    const perInstance = { a: 0, b: 0 };
    const b200 = await burst(200, async (i) => {
      const r = await chat(i % 2 ? (a as Running) : (b as Running), { model: 'fast' });
      if (r.status === 200) perInstance[i % 2 ? 'a' : 'b']++;
      return r;
    });
    expectRateLimited(b200, 200, 50);
    // Both instances admitted some: the limit is shared, not split.
    expect(perInstance.a).toBeGreaterThan(0);
    expect(perInstance.b).toBeGreaterThan(0);
  });

  it('holds a concurrency limit across two instances with slow streams and frees a slot on abort', async () => {
    const prefix = uniquePrefix();
    const limits = [{ name: 'inflight', scope: 'global', concurrent: 3 }];
    const [a, b] = (await Promise.all([start(limits, prefix), start(limits, prefix)])) as [Running, Running];
    const body = JSON.stringify({ model: 'slower', messages: [{ role: 'user', content: LONG }], stream: true });
    const streams = Array.from({ length: 10 }, (_, i) => {
      const ac = new AbortController();
      const gw = i % 2 ? a : b;
      const res = fetch(`${gw.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: ac.signal,
      });
      return { ac, res };
    });
    const responses = await Promise.all(streams.map((s) => s.res));
    const admitted = streams.map((s, i) => ({ ac: s.ac, res: responses[i] as Response })).filter((s) => s.res.status === 200);
    expect(admitted.length).toBe(3);
    expect((await chat(a, { model: 'fast' })).status).toBe(429);
    const [aborted, ...rest] = admitted;
    await aborted?.res.body?.getReader().read();
    aborted?.ac.abort();
    await eventually(async () => (await chat(b, { model: 'fast' })).status === 200);
    await Promise.all(rest.map((s) => s.res.text()));
  });
});
