// Both stores against one behavioural suite (the Redis one on a real redis-server, with the clock
// injected so time can pass without waiting): all-or-nothing reservations, GCRA buckets (with a
// fast-check property: retry-after never beyond the window, and exact), settles, budgets, leases,
// exactness under concurrency, key expiry and script reloading.
import { randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '@switchyard/testkit';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcraWaitMs } from '../src/gcra.js';
import { MemoryQuotaStore } from '../src/memory-store.js';
import { RedisQuotaStore } from '../src/redis-store.js';
import type { AdmitResult, CounterSpec, QuotaStore, Settlement } from '../src/store.js';

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
      const store = new RedisQuotaStore({ url: redis.url, now: () => clock.now, leaseMs: 1_500, keyPrefix: prefix });
      return { store, clock, prefix };
    },
  ],
];

async function open(make: () => Harness): Promise<Harness> {
  const h = make();
  if (h.store instanceof RedisQuotaStore) await h.store.connect();
  return h;
}

const rate = (key: string, limit: number, amount = 1): CounterSpec => ({ kind: 'rate', key, limit, amount, windowMs: W });
/** Each admission under its own id, as the plugin makes them. */
const admit = (store: QuotaStore, counters: CounterSpec[]): Promise<AdmitResult> => store.admit(counters, randomUUID());
const settle = (store: QuotaStore, settlements: Settlement[]): Promise<void> => store.settle(settlements, randomUUID());
const correction = (key: string, limit: number, delta: number): Settlement => ({ kind: 'rate', key, limit, windowMs: W, delta });

describe.each(makers)('%s store', (_name, make) => {
  it('a rate bucket admits the limit at once, then one more every window / limit', async () => {
    const { store, clock, prefix } = await open(make);
    const c = [rate(`${prefix}rpm`, 3)];
    for (let i = 0; i < 3; i++) expect((await admit(store, c)).ok).toBe(true);
    const refused = await admit(store, c);
    expect(refused.ok).toBe(false);
    // The bucket holds 3 units (scaled by the window): one fits again 20 s later, not 80.
    expect(refused.states[0]).toEqual({ ok: false, value: 3 * W });
    expect(gcraWaitMs(refused.states[0]?.value as number, 1, 3, W)).toBe(20_000);
    clock.now = T0 + 19_999;
    expect((await admit(store, c)).ok).toBe(false);
    clock.now = T0 + 20_000;
    expect((await admit(store, c)).ok).toBe(true);
    expect((await admit(store, c)).ok).toBe(false);
    // A window after the last admission, the bucket is empty: the whole limit fits again.
    clock.now = T0 + 20_000 + W;
    expect((await admit(store, c)).states[0]).toEqual({ ok: true, value: 0 });
    await store.close();
  });

  it('retry-after is never beyond the window, and a request retried after exactly that long is admitted', async () => {
    const { store, clock, prefix } = await open(make);
    let bucket = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 2 * W }), amount: fc.integer({ min: 1, max: 100_000 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (limit, steps) => {
          const key = `${prefix}prop:${bucket++}`;
          for (const step of steps) {
            clock.now += step.gapMs;
            const c = [rate(key, limit, 1 + (step.amount % limit))];
            const r = await admit(store, c);
            if (r.ok) continue;
            const wait = gcraWaitMs(r.states[0]?.value as number, c[0]?.kind === 'rate' ? c[0].amount : 0, limit, W) as number;
            expect(wait).toBeGreaterThan(0);
            expect(wait).toBeLessThanOrEqual(W);
            clock.now += wait - 1;
            expect((await admit(store, c)).ok).toBe(false);
            clock.now += 1;
            expect((await admit(store, c)).ok).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
    await store.close();
  });

  it('reserves on all counters or on none', async () => {
    const { store, prefix } = await open(make);
    const a = rate(`${prefix}a`, 5);
    const b = rate(`${prefix}b`, 1);
    expect((await admit(store, [a, b])).ok).toBe(true);
    const refused = await admit(store, [a, b]);
    expect(refused.ok).toBe(false);
    expect(refused.states.map((s) => s.ok)).toEqual([true, false]);
    // `a` was not charged for the refused request.
    expect((await admit(store, [a])).states[0]?.value).toBe(W);
    await store.close();
  });

  it('settles a token reservation to the real usage, within [0, the limit]', async () => {
    const { store, clock, prefix } = await open(make);
    const key = `${prefix}tpm`;
    expect((await admit(store, [rate(key, 1000, 600)])).ok).toBe(true);
    expect((await admit(store, [rate(key, 1000, 600)])).ok).toBe(false);
    await settle(store, [correction(key, 1000, 50 - 600)]);
    expect((await admit(store, [rate(key, 1000, 0)])).states[0]?.value).toBe(50 * W);
    // Exactly what is left fits; one more does not.
    expect((await admit(store, [rate(key, 1000, 951)])).ok).toBe(false);
    expect((await admit(store, [rate(key, 1000, 950)])).ok).toBe(true);
    // 6 s later, 100 tokens have drained; a release is applied to what is left.
    clock.now = T0 + 6_000;
    await settle(store, [correction(key, 1000, -950)]);
    expect((await admit(store, [rate(key, 1000, 0)])).states[0]?.value).toBe(0);
    // Over-use is charged, but never beyond one full window.
    await admit(store, [rate(key, 1000, 10)]);
    await settle(store, [correction(key, 1000, 10_000)]);
    expect((await admit(store, [rate(key, 1000, 0)])).states[0]?.value).toBe(1000 * W);
    await settle(store, [correction(key, 1000, -20_000)]);
    expect((await admit(store, [rate(key, 1000, 0)])).states[0]?.value).toBe(0);
    await store.close();
  });

  it('fixed budget windows reserve, settle and clamp at zero', async () => {
    const { store, prefix } = await open(make);
    const key = `${prefix}usd-day:1`;
    const c = (amount: number): CounterSpec => ({ kind: 'fixed', key, limit: 10_000_000, amount, ttlMs: 3_600_000 });
    expect((await admit(store, [c(9_000_000)])).ok).toBe(true);
    expect((await admit(store, [c(2_000_000)])).ok).toBe(false);
    await settle(store, [{ kind: 'fixed', key, delta: 1_234_567 - 9_000_000 }]);
    const probe = await admit(store, [c(0)]);
    expect(probe.states[0]?.value).toBe(1_234_567);
    expect((await admit(store, [c(10_000_000 - 1_234_567)])).ok).toBe(true);
    expect((await admit(store, [c(1)])).ok).toBe(false);
    await settle(store, [{ kind: 'fixed', key, delta: -50_000_000 }]);
    expect((await admit(store, [c(0)])).states[0]?.value).toBe(0);
    await store.close();
  });

  it('leases count requests in flight and free on release', async () => {
    const { store, prefix } = await open(make);
    const key = `${prefix}conc`;
    const lease = (member: string): CounterSpec => ({ kind: 'lease', key, limit: 2, member, leaseMs: 1_500 });
    expect((await admit(store, [lease('a')])).ok).toBe(true);
    expect((await admit(store, [lease('b')])).ok).toBe(true);
    expect((await admit(store, [lease('c')])).ok).toBe(false);
    await settle(store, [{ kind: 'lease', key, member: 'a' }]);
    expect((await admit(store, [lease('d')])).ok).toBe(true);
    await store.close();
  });

  it('200 concurrent admits against a limit of 50 reserve exactly 50', async () => {
    const { store, prefix } = await open(make);
    const c = [
      rate(`${prefix}burst`, 50),
      { kind: 'lease', key: `${prefix}burst-c`, limit: 1000, member: 'x', leaseMs: 60_000 } as CounterSpec,
    ];
    const results = await Promise.all(Array.from({ length: 200 }, () => admit(store, c)));
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
    expect((await admit(live, [lease('held')])).ok).toBe(true);
    // The renewer (every 500 ms) pushes the lease to now + 1500.
    clock.now = T0 + 1_000;
    await new Promise((r) => setTimeout(r, 700));
    clock.now = T0 + 2_000;
    expect((await admit(other, [lease('second')])).ok).toBe(false);
    // Once its holder stops renewing (closed, as if crashed), the slot frees when the lease runs out.
    await live.close();
    clock.now = T0 + 10_000;
    expect((await admit(other, [lease('third')])).ok).toBe(true);
    await other.close();
  });

  it('every key it writes has an expiry, the admission record included', async () => {
    const prefix = `e${Math.random().toString(36).slice(2)}:`;
    const store = new RedisQuotaStore({ url: redis.url, keyPrefix: prefix });
    await store.connect();
    await store.admit(
      [
        rate(`${prefix}w`, 10),
        { kind: 'fixed', key: `${prefix}f`, limit: 10, amount: 1, ttlMs: 5_000 },
        { kind: 'lease', key: `${prefix}c`, limit: 10, member: 'm', leaseMs: 5_000 },
      ],
      'id1',
    );
    const keys = await admin.keys(`${prefix}*`);
    expect(keys.sort()).toEqual([`${prefix}admission:id1`, `${prefix}c`, `${prefix}f`, `${prefix}w`]);
    for (const k of keys) {
      const ttl = await admin.pttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 * W);
    }
    // A rate key lives only until its bucket has drained: 1 of 10 per minute drains in 6 s.
    expect(await admin.pttl(`${prefix}w`)).toBeLessThanOrEqual(6_000 + 1_000);
    // Settling forgets the admission.
    await store.settle([{ kind: 'lease', key: `${prefix}c`, member: 'm' }], 'id1');
    expect(await admin.exists(`${prefix}admission:id1`)).toBe(0);
    await store.close();
  });

  it('reloads its scripts when the server lost them (EVALSHA falls back to EVAL)', async () => {
    const store = new RedisQuotaStore({ url: redis.url });
    await store.connect();
    const c = [rate(`f${Math.random()}:x`, 10)];
    expect((await admit(store, c)).ok).toBe(true);
    await admin.script('FLUSH');
    expect((await admit(store, c)).states[0]?.ok).toBe(true);
    await admin.script('FLUSH');
    await settle(store, [correction(c[0]?.key as string, 10, -1)]);
    await store.close();
  });

  it('uses the Redis clock when none is injected', async () => {
    const store = new RedisQuotaStore({ url: redis.url });
    await store.connect();
    const r = await admit(store, [rate(`t${Math.random()}`, 1)]);
    expect(Math.abs(r.now - Date.now())).toBeLessThan(5_000);
    await store.close();
  });
});

describe('memory store specifics', () => {
  it('sweeps drained buckets and ended budget windows', async () => {
    const clock = { now: T0 };
    const store = new MemoryQuotaStore({ now: () => clock.now });
    await admit(store, [rate('a', 5), { kind: 'fixed', key: 'f', limit: 5, amount: 1, ttlMs: 1_000 }]);
    await admit(store, [{ kind: 'lease', key: 'l', limit: 5, member: 'm', leaseMs: 1 }]);
    expect(store.size()).toBe(3);
    clock.now = T0 + 2 * W;
    store.sweep();
    expect(store.size()).toBe(1);
    await settle(store, [{ kind: 'lease', key: 'l', member: 'm' }]);
    expect(store.size()).toBe(0);
    await store.close();
  });
});
