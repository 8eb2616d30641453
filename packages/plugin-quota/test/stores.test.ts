// Both stores against one behavioural suite (the Redis one on a real redis-server, with the clock
// injected so windows can be crossed without waiting): all-or-nothing reservations, sliding windows,
// settles, budgets, leases, exactness under concurrency, key expiry and script reloading.
import { startRedis, type TestRedis } from '@switchyard/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryQuotaStore } from '../src/memory-store.js';
import { RedisQuotaStore } from '../src/redis-store.js';
import type { CounterSpec, QuotaStore } from '../src/store.js';

const W = 60_000;
const T0 = 1_000 * W; // the start of a window

let redis: TestRedis;
let admin: Redis;
beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

interface Harness {
  store: QuotaStore;
  clock: { now: number };
  prefix: string;
}

const makers: [string, () => Harness][] = [
  [
    'memory',
    () => {
      const clock = { now: T0 };
      return { store: new MemoryQuotaStore({ now: () => clock.now }), clock, prefix: 'm:' };
    },
  ],
  [
    'redis',
    () => {
      const clock = { now: T0 };
      const prefix = `s${Math.random().toString(36).slice(2)}:`;
      const store = new RedisQuotaStore({ url: redis.url, now: () => clock.now, leaseMs: 1_500 });
      return { store, clock, prefix };
    },
  ],
];

async function open(make: () => Harness): Promise<Harness> {
  const h = make();
  if (h.store instanceof RedisQuotaStore) await h.store.connect();
  return h;
}

const sliding = (key: string, limit: number, amount = 1): CounterSpec => ({ kind: 'sliding', key, limit, amount, windowMs: W });

describe.each(makers)('%s store', (_name, make) => {
  it('a sliding window admits up to the limit, then lets the previous window slide out', async () => {
    const { store, clock, prefix } = await open(make);
    const c = [sliding(`${prefix}rpm`, 3)];
    for (let i = 0; i < 3; i++) expect((await store.admit(c)).ok).toBe(true);
    const refused = await store.admit(c);
    expect(refused.ok).toBe(false);
    expect(refused.states[0]).toMatchObject({ ok: false, prev: 0, cur: 3 });
    // Halfway into the next window the previous 3 weigh 1.5: one more fits (2.5), a second does not.
    clock.now = T0 + W + W / 2;
    const next = await store.admit(c);
    expect(next.ok).toBe(true);
    expect(next.states[0]).toMatchObject({ prev: 3, cur: 0, elapsedMs: W / 2 });
    expect((await store.admit(c)).ok).toBe(false);
    // Two windows on, everything has slid out.
    clock.now = T0 + 3 * W;
    expect((await store.admit(c)).states[0]).toMatchObject({ ok: true, prev: 0, cur: 0 });
    await store.close();
  });

  it('reserves on all counters or on none', async () => {
    const { store, prefix } = await open(make);
    const a = sliding(`${prefix}a`, 5);
    const b = sliding(`${prefix}b`, 1);
    expect((await store.admit([a, b])).ok).toBe(true);
    const refused = await store.admit([a, b]);
    expect(refused.ok).toBe(false);
    expect(refused.states.map((s) => s.ok)).toEqual([true, false]);
    // `a` was not charged for the refused request.
    expect((await store.admit([a])).states[0]?.cur).toBe(1);
    await store.close();
  });

  it('settles a token reservation in the window it was made, even after that window ended', async () => {
    const { store, clock, prefix } = await open(make);
    const key = `${prefix}tpm`;
    const r = await store.admit([sliding(key, 1000, 600)]);
    expect(r.ok).toBe(true);
    expect((await store.admit([sliding(key, 1000, 600)])).ok).toBe(false);
    await store.settle([{ kind: 'sliding', key, windowIndex: Math.floor(r.now / W), delta: 50 - 600 }]);
    expect((await store.admit([sliding(key, 1000, 0)])).states[0]?.cur).toBe(50);
    // Reserve again, then settle from the next window: the correction lands in `prev`.
    const r2 = await store.admit([sliding(key, 1000, 400)]);
    clock.now = T0 + W;
    await store.settle([{ kind: 'sliding', key, windowIndex: Math.floor(r2.now / W), delta: -400 }]);
    expect((await store.admit([sliding(key, 1000, 0)])).states[0]).toMatchObject({ prev: 50, cur: 0 });
    // Over-use is charged too, and a release never goes below zero.
    await store.settle([{ kind: 'sliding', key, windowIndex: Math.floor(clock.now / W) - 1, delta: -10_000 }]);
    expect((await store.admit([sliding(key, 1000, 0)])).states[0]).toMatchObject({ prev: 0 });
    await store.close();
  });

  it('fixed budget windows reserve, settle and clamp at zero', async () => {
    const { store, prefix } = await open(make);
    const key = `${prefix}usd-day:1`;
    const c = (amount: number): CounterSpec => ({ kind: 'fixed', key, limit: 10_000_000, amount, ttlMs: 3_600_000 });
    expect((await store.admit([c(9_000_000)])).ok).toBe(true);
    expect((await store.admit([c(2_000_000)])).ok).toBe(false);
    await store.settle([{ kind: 'fixed', key, delta: 1_234_567 - 9_000_000 }]);
    const probe = await store.admit([c(0)]);
    expect(probe.states[0]?.cur).toBe(1_234_567);
    expect((await store.admit([c(10_000_000 - 1_234_567)])).ok).toBe(true);
    expect((await store.admit([c(1)])).ok).toBe(false);
    await store.settle([{ kind: 'fixed', key, delta: -50_000_000 }]);
    expect((await store.admit([c(0)])).states[0]?.cur).toBe(0);
    await store.close();
  });

  it('leases count requests in flight and free on release', async () => {
    const { store, prefix } = await open(make);
    const key = `${prefix}conc`;
    const lease = (member: string): CounterSpec => ({ kind: 'lease', key, limit: 2, member, leaseMs: 1_500 });
    expect((await store.admit([lease('a')])).ok).toBe(true);
    expect((await store.admit([lease('b')])).ok).toBe(true);
    expect((await store.admit([lease('c')])).ok).toBe(false);
    await store.settle([{ kind: 'lease', key, member: 'a' }]);
    expect((await store.admit([lease('d')])).ok).toBe(true);
    await store.close();
  });

  it('200 concurrent admits against a limit of 50 reserve exactly 50', async () => {
    const { store, prefix } = await open(make);
    const c = [
      sliding(`${prefix}burst`, 50),
      { kind: 'lease', key: `${prefix}burst-c`, limit: 1000, member: 'x', leaseMs: 60_000 } as CounterSpec,
    ];
    const results = await Promise.all(Array.from({ length: 200 }, () => store.admit(c)));
    expect(results.filter((r) => r.ok).length).toBe(50);
    await store.close();
  });
});

describe('redis store specifics', () => {
  it('a crashed instance’s lease expires; a live one is renewed', async () => {
    const clock = { now: T0 };
    const prefix = `l${Math.random().toString(36).slice(2)}:`;
    const live = new RedisQuotaStore({ url: redis.url, now: () => clock.now, leaseMs: 1_500 });
    const other = new RedisQuotaStore({ url: redis.url, now: () => clock.now, leaseMs: 1_500 });
    await Promise.all([live.connect(), other.connect()]);
    const key = `${prefix}conc`;
    const lease = (member: string): CounterSpec => ({ kind: 'lease', key, limit: 1, member, leaseMs: 1_500 });
    expect((await live.admit([lease('held')])).ok).toBe(true);
    // The renewer (every 500 ms) pushes the lease to now + 1500.
    clock.now = T0 + 1_000;
    await new Promise((r) => setTimeout(r, 700));
    clock.now = T0 + 2_000;
    expect((await other.admit([lease('second')])).ok).toBe(false);
    // Once its holder stops renewing (closed, as if crashed), the slot frees when the lease runs out.
    await live.close();
    clock.now = T0 + 10_000;
    expect((await other.admit([lease('third')])).ok).toBe(true);
    await other.close();
  });

  it('every key it writes has an expiry', async () => {
    const prefix = `e${Math.random().toString(36).slice(2)}:`;
    const store = new RedisQuotaStore({ url: redis.url });
    await store.connect();
    await store.admit([
      sliding(`${prefix}w`, 10),
      { kind: 'fixed', key: `${prefix}f`, limit: 10, amount: 1, ttlMs: 5_000 },
      { kind: 'lease', key: `${prefix}c`, limit: 10, member: 'm', leaseMs: 5_000 },
    ]);
    const keys = await admin.keys(`${prefix}*`);
    expect(keys.sort()).toEqual([`${prefix}c`, `${prefix}f`, `${prefix}w`]);
    for (const k of keys) {
      const ttl = await admin.pttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 * W);
    }
    await store.close();
  });

  it('reloads its scripts when the server lost them (EVALSHA falls back to EVAL)', async () => {
    const store = new RedisQuotaStore({ url: redis.url });
    await store.connect();
    const c = [sliding(`f${Math.random()}:x`, 10)];
    expect((await store.admit(c)).ok).toBe(true);
    await admin.script('FLUSH');
    expect((await store.admit(c)).states[0]?.cur).toBe(1);
    await store.settle([{ kind: 'sliding', key: c[0]!.key, windowIndex: 0, delta: 0 }]);
    await store.close();
  });

  it('uses the Redis clock when none is injected', async () => {
    const store = new RedisQuotaStore({ url: redis.url });
    await store.connect();
    const r = await store.admit([sliding(`t${Math.random()}`, 1)]);
    expect(Math.abs(r.now - Date.now())).toBeLessThan(5_000);
    await store.close();
  });
});

describe('memory store specifics', () => {
  it('sweeps windows nothing can read any more', async () => {
    const clock = { now: T0 };
    const store = new MemoryQuotaStore({ now: () => clock.now });
    await store.admit([sliding('a', 5), { kind: 'fixed', key: 'f', limit: 5, amount: 1, ttlMs: 1_000 }]);
    await store.admit([{ kind: 'lease', key: 'l', limit: 5, member: 'm', leaseMs: 1 }]);
    expect(store.size()).toBe(3);
    clock.now = T0 + 2 * W;
    store.sweep();
    expect(store.size()).toBe(1);
    await store.settle([{ kind: 'lease', key: 'l', member: 'm' }]);
    expect(store.size()).toBe(0);
    await store.close();
  });
});
