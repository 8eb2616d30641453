import { describe, expect, it } from 'vitest';
import { backoffDelay, CircuitBreaker, createGateway, hashUnit, weightedOrder } from '../src/index.js';
import { echoProvider, userMsg } from './helpers.js';
import { completion, JSON_TYPE, scriptedProvider } from './scripted-upstream.js';

describe('circuit breaker', () => {
  it('opens after N consecutive failures, lets one half-open probe through after the cooldown, closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
    b.failure('t');
    b.failure('t');
    expect(b.allow('t')).toBe(true);
    b.failure('t');
    expect(b.state('t')).toBe('open');
    expect(b.allow('t')).toBe(false);
    now = 1000;
    expect(b.state('t')).toBe('half-open');
    expect(b.allow('t')).toBe(true);
    expect(b.allow('t')).toBe(false);
    b.success('t');
    expect(b.state('t')).toBe('closed');
    expect(b.allow('t')).toBe(true);
  });
  it('re-opens when the probe fails', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    b.failure('t');
    now = 100;
    expect(b.allow('t')).toBe(true);
    b.failure('t');
    expect(b.allow('t')).toBe(false);
    expect(b.state('t')).toBe('open');
  });
  it('a success resets the consecutive count', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100 });
    b.failure('t');
    b.success('t');
    b.failure('t');
    expect(b.state('t')).toBe('closed');
  });
});

describe('backoff', () => {
  const opts = { baseMs: 100, maxMs: 1000, jitter: false };
  it('grows exponentially up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('jitter stays within [exp/2, exp]', () => {
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(2, { ...opts, jitter: true });
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
  it('honours a longer retry-after', () => {
    expect(backoffDelay(0, opts, 2)).toBe(2000);
    expect(backoffDelay(3, opts, 0.1)).toBe(800);
  });
});

describe('weighted routing', () => {
  const targets = [
    { provider: 'p', model: 'a', weight: 95, retries: 0 },
    { provider: 'p', model: 'b', weight: 5, retries: 0 },
  ];
  it('splits traffic by weight', () => {
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (weightedOrder(targets, hashUnit(`req-${i}`))[0]?.model === 'b') b++;
    expect(b).toBeGreaterThan(350);
    expect(b).toBeLessThan(650);
  });
  it('keeps the others as fallbacks', () => {
    expect(weightedOrder(targets, 0.99).map((t) => t.model)).toEqual(['b', 'a']);
  });
  it('is deterministic per request id when sticky', async () => {
    const config = {
      providers: { e: { type: 'echo' } },
      models: {
        c: {
          strategy: 'weighted' as const,
          sticky: true,
          targets: [
            { provider: 'e', model: 'a', weight: 50 },
            { provider: 'e', model: 'b', weight: 50 },
          ],
        },
      },
    };
    const gw = await createGateway({ config, providers: [echoProvider()] }).ready();
    const pick = async (id: string) => (await gw.chat({ ...userMsg('x'), model: 'c' }, { id })).model;
    const first = await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map(pick));
    const again = await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map(pick));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(2);
    await gw.close();
  });
});

describe('fallback and retries (in-process)', () => {
  const config = (retries = 2) => ({
    providers: { e: { type: 'echo' } },
    models: {
      chain: {
        targets: [
          { provider: 'e', model: 'first' },
          { provider: 'e', model: 'second' },
        ],
      },
    },
    router: { retries, backoff: { baseMs: 1, maxMs: 2, jitter: false }, circuitBreaker: { failureThreshold: 0 } },
  });
  it('retries a 500 on the same target, then falls back', async () => {
    const p = echoProvider({ first: [{ status: 500 }], second: [{}] });
    const gw = await createGateway({ config: config(2), providers: [p] }).ready();
    const ctx = gw.createContext('chat');
    const r = await gw.runChat({ ...userMsg('x'), model: 'chain' }, ctx);
    expect(r.type === 'response' && r.response.model).toBe('second');
    expect(p.calls).toEqual(['first', 'first', 'first', 'second']);
    expect(ctx.attempts).toBe(4);
    expect(ctx.provider).toBe('e');
    await gw.close();
  });
  it('does not fall back on a 400', async () => {
    const p = echoProvider({ first: [{ status: 400 }] });
    const gw = await createGateway({ config: config(2), providers: [p] }).ready();
    await expect(gw.chat({ ...userMsg('x'), model: 'chain' })).rejects.toMatchObject({ status: 400 });
    expect(p.calls).toEqual(['first']);
    await gw.close();
  });
  it('falls back on connection errors and reports 502 when every target fails', async () => {
    const p = echoProvider({ first: [{ fail: 'throw' }], second: [{ fail: 'throw' }] });
    const gw = await createGateway({ config: config(0), providers: [p] }).ready();
    await expect(gw.chat({ ...userMsg('x'), model: 'chain' })).rejects.toMatchObject({ status: 502, apiCode: 'upstream_unreachable' });
    expect(p.calls).toEqual(['first', 'second']);
    await gw.close();
  });
  it('unknown models are 404 model_not_found; provider/model routes directly', async () => {
    const gw = await createGateway({ config: config(0), providers: [echoProvider()] }).ready();
    await expect(gw.chat({ ...userMsg('x'), model: 'nope' })).rejects.toMatchObject({ status: 404, apiCode: 'model_not_found' });
    expect((await gw.chat({ ...userMsg('x'), model: 'e/direct' })).model).toBe('direct');
    await gw.close();
  });
});

describe('credentials errors', () => {
  it('an upstream 401 or 403 falls back to the next target without retrying the same one, even when the upstream hints a retry', async () => {
    for (const status of [401, 403]) {
      const a = scriptedProvider(
        () => ({ status, headers: { ...JSON_TYPE, 'x-should-retry': 'true' }, frames: ['{"error":{"message":"Incorrect API key"}}'] }),
        'a',
      );
      const b = scriptedProvider(() => ({ headers: JSON_TYPE, frames: [completion('from b')] }), 'b');
      const gw = await createGateway({
        config: {
          providers: { a: { type: 'a' }, b: { type: 'b' } },
          models: {
            chain: {
              targets: [
                { provider: 'a', model: 'm' },
                { provider: 'b', model: 'm' },
              ],
            },
          },
          router: { retries: 2, backoff: { baseMs: 1, maxMs: 1, jitter: false } },
        },
        providers: [a, b],
      }).ready();
      expect((await gw.chat({ ...userMsg('x'), model: 'chain' })).choices[0]?.message.content).toBe('from b');
      expect(a.calls).toHaveLength(1);
      await gw.close();
    }
  });

  it('a lone target with bad credentials fails after one try, and tells clients not to retry', async () => {
    const a = scriptedProvider(() => ({ status: 401, headers: JSON_TYPE, frames: ['{"error":{"message":"Incorrect API key"}}'] }), 'a');
    const gw = await createGateway({
      config: { providers: { a: { type: 'a' } }, models: { m: { provider: 'a', model: 'm' } }, router: { retries: 2 } },
      providers: [a],
    }).ready();
    const err = await gw.chat({ ...userMsg('x'), model: 'm' }).catch((e) => e);
    expect(err).toMatchObject({ apiCode: 'upstream_auth_failed', retryable: false, headers: { 'x-should-retry': 'false' } });
    expect(a.calls).toHaveLength(1);
    await gw.close();
  });
});
