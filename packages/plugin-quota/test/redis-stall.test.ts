// A stalled Redis (paused with SIGSTOP) and a stalled event loop. An admission that times out fails
// open, and once Redis resumes nothing it took is left behind (no phantom concurrency lease); each
// admission takes effect at most once; a slow event loop is not mistaken for a slow store.
import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisQuotaStore } from '../src/redis-store.js';
import type { CounterSpec } from '../src/store.js';
import { chat, eventually, type Running, startQuotaServer, uniquePrefix } from './helpers.js';

let redis: TestRedis;
let admin: Redis;
let pid: number;
beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
  pid = Number(/process_id:(\d+)/.exec(await admin.info('server'))?.[1]);
  expect(pid).toBeGreaterThan(0);
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

/** Runs `during` with redis-server stopped (SIGSTOP), and always resumes it. */
async function whilePaused<T>(during: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
}

describe('Redis paused with SIGSTOP', () => {
  it('admissions that time out fail open, and once Redis resumes they leave no phantom lease', async () => {
    const prefix = uniquePrefix();
    const gw: Running = await startQuotaServer({
      store: 'redis',
      redisUrl: redis.url,
      keyPrefix: prefix,
      failMode: 'open',
      limits: [{ name: 'inflight', scope: 'global', concurrent: 1 }],
    });
    try {
      expect((await chat(gw, { model: 'fast' })).status).toBe(200);
      const stalled = await whilePaused(async () => {
        const t0 = performance.now();
        const replies = await Promise.all(Array.from({ length: 3 }, () => chat(gw, { model: 'fast' })));
        return { statuses: replies.map((r) => r.status), ms: performance.now() - t0 };
      });
      // Fail-open: served without limits, after the 300 ms deadline rather than hanging.
      expect(stalled.statuses).toEqual([200, 200, 200]);
      expect(stalled.ms).toBeLessThan(3_000);
      // Redis has now run the queued admissions, and after them their releases: no slot is held.
      await eventually(async () => (await admin.zcard(`${prefix}inflight:conc:*`)) === 0, 5_000);
      expect(await admin.keys(`${prefix}admission:*`).then((ks) => Promise.all(ks.map((k) => admin.get(k))))).toEqual([
        'released',
        'released',
        'released',
      ]);
      // So the limit admits at once: one slow stream holds the slot, the next request is refused.
      const held = fetch(`${gw.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'slower', messages: [{ role: 'user', content: 'one two three four' }], stream: true }),
      });
      const stream = await held;
      expect(stream.status).toBe(200);
      expect((await chat(gw, { model: 'fast' })).status).toBe(429);
      await stream.text();
      await eventually(async () => (await chat(gw, { model: 'fast' })).status === 200);
    } finally {
      await gw.close();
    }
  });

  it('an admission given up on is undone once Redis resumes, and its id cannot be admitted again', async () => {
    const prefix = uniquePrefix();
    const store = new RedisQuotaStore({ url: redis.url, keyPrefix: prefix, timeoutMs: 200 });
    await store.connect();
    const lease: CounterSpec = { kind: 'lease', key: `${prefix}conc`, limit: 5, member: 'm1', leaseMs: 60_000 };
    const rate: CounterSpec = { kind: 'rate', key: `${prefix}rpm`, limit: 10, amount: 1, windowMs: 60_000 };
    try {
      await whilePaused(async () => {
        await expect(store.admit([lease, rate], 'a1')).rejects.toThrow(/no reply from the store within 200 ms/);
      });
      await eventually(() => store.pendingReleaseCount() === 0, 5_000);
      expect(await admin.zcard(`${prefix}conc`)).toBe(0);
      expect(await admin.hget(`${prefix}rpm`, 'l')).toBe('0');
      // The same admission id again (a replay) takes nothing: it was released.
      await expect(store.admit([lease, rate], 'a1')).rejects.toThrow(/deadline|took nothing/);
      expect(await admin.zcard(`${prefix}conc`)).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe('admission ids', () => {
  it('an admission takes effect at most once per id', async () => {
    const prefix = uniquePrefix();
    const store = new RedisQuotaStore({ url: redis.url, keyPrefix: prefix });
    await store.connect();
    const lease: CounterSpec = { kind: 'lease', key: `${prefix}conc`, limit: 5, member: 'x', leaseMs: 60_000 };
    const rate: CounterSpec = { kind: 'rate', key: `${prefix}rpm`, limit: 10, amount: 1, windowMs: 60_000 };
    try {
      const id = randomUUID();
      expect((await store.admit([lease, rate], id)).ok).toBe(true);
      await expect(store.admit([lease, rate], id)).rejects.toThrow(/took nothing/);
      // The bucket holds that one admission (one unit = 60,000, less what drained since), not two.
      const level = (await store.admit([rate], randomUUID())).states[0]?.value as number;
      expect(level).toBeGreaterThan(55_000);
      expect(level).toBeLessThanOrEqual(60_000);
    } finally {
      await store.close();
    }
  });
});

describe('a stalled event loop is not a stalled store', () => {
  it('a reply that arrived while the loop was blocked past the deadline is used, and the store stays up', async () => {
    const events: boolean[] = [];
    const store = new RedisQuotaStore({
      url: redis.url,
      keyPrefix: uniquePrefix(),
      timeoutMs: 100,
      onAvailability: (up) => events.push(up),
    });
    await store.connect();
    try {
      const rate: CounterSpec = { kind: 'rate', key: `${uniquePrefix()}rpm`, limit: 10, amount: 1, windowMs: 60_000 };
      for (const blockMs of [120, 400, 1_000]) {
        const admitted = store.admit([rate], randomUUID());
        // Synchronous work right after the command went out (as other requests' work would run): the
        // reply arrives meanwhile but is read only after the deadline's timer has come due.
        setImmediate(() => busyWait(blockMs));
        await expect(admitted).resolves.toMatchObject({ ok: true });
      }
      await expect(store.health()).resolves.toEqual({ ok: true });
      expect(events).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
