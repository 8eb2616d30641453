import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type GatewayConfigInput, type Outcome } from '../src/index.js';
import { chunk, completion, JSON_TYPE, type Script, SSE, scriptedProvider } from './scripted-upstream.js';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const hi = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

async function gateway(script: Script, router: GatewayConfigInput['router'], second?: Script) {
  const outcomes: Outcome[] = [];
  const a = scriptedProvider(script, 'a');
  const b = scriptedProvider(second ?? (() => ({ headers: JSON_TYPE, frames: [completion('from b')] })), 'b');
  gw = createGateway({
    config: {
      providers: { a: { type: 'a' }, b: { type: 'b' } },
      models: {
        m: { provider: 'a', model: 'm' },
        chain: {
          targets: [
            { provider: 'a', model: 'm' },
            { provider: 'b', model: 'm' },
          ],
        },
      },
      router: { backoff: { baseMs: 1, maxMs: 1, jitter: false }, circuitBreaker: { failureThreshold: 0 }, ...router },
    },
    providers: [a, b],
  });
  gw.hooks.complete.tapPromise('probe', async (o) => {
    outcomes.push(o);
  });
  await gw.ready();
  return { gw, a, b, outcomes };
}

describe('one deadline per request, across every try', () => {
  it('retries stop when totalMs is spent: slow 500s on every try take the deadline, not tries x deadline', async () => {
    const { gw, a } = await gateway(
      () => ({ status: 500, headersAfterMs: 150, headers: JSON_TYPE, frames: ['{"error":{"message":"down"}}'] }),
      { retries: 5, timeouts: { totalMs: 400 } },
    );
    const t0 = performance.now();
    const err = await gw.chat(hi).catch((e) => e);
    const elapsed = performance.now() - t0;
    // The try under way when the deadline passed is cut by it.
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT' });
    expect(elapsed).toBeLessThan(700);
    expect(a.calls.length).toBeLessThanOrEqual(3);
  });

  it('a hanging upstream with retries takes totalMs once', async () => {
    const { gw, a } = await gateway(() => ({ hang: 'headers' }), { retries: 2, timeouts: { totalMs: 300, firstByteMs: 10_000 } });
    const t0 = performance.now();
    const err = await gw.chat(hi).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT', status: 504 });
    expect(performance.now() - t0).toBeLessThan(600);
    expect(a.calls).toHaveLength(1);
  });

  it('a backoff (here a retry-after) longer than the time left is not slept: the next target is tried at once', async () => {
    const { gw, a, b } = await gateway(
      () => ({ status: 429, headers: { ...JSON_TYPE, 'retry-after': '2' }, frames: ['{"error":{"message":"slow down"}}'] }),
      { retries: 3, timeouts: { totalMs: 1000 } },
    );
    const t0 = performance.now();
    const res = await gw.chat({ ...hi, model: 'chain' });
    expect(res.choices[0]?.message.content).toBe('from b');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
  });
});

describe('stream idle deadline', () => {
  it('a stream that sends only keep-alive comments is cut after streamIdleMs, before anything is committed', async () => {
    const { gw, outcomes } = await gateway(() => ({ headers: SSE, frames: [': ping\n\n'], repeat: ': ping\n\n', gapMs: 20 }), {
      retries: 0,
      timeouts: { streamIdleMs: 200 },
    });
    const t0 = performance.now();
    const err = await (async () => {
      for await (const _ of gw.chatStream(hi));
    })().catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT', status: 504 });
    expect(err.message).toContain('no stream data for 200 ms');
    expect(performance.now() - t0).toBeLessThan(800);
    await gw.close();
    expect(outcomes.map((o) => o.status)).toEqual(['error']);
  });

  it('a live stream that falls silent but for keep-alive comments ends with an in-stream timeout, and complete records an error', async () => {
    const { gw, outcomes } = await gateway(() => ({ headers: SSE, frames: [chunk('one ')], repeat: ': keep-alive\n\n', gapMs: 20 }), {
      retries: 0,
      timeouts: { streamIdleMs: 200 },
    });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of gw.chatStream(hi)) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    expect(got.join('')).toBe('one ');
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT' });
    await gw.close();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('error');
  });

  it('a slow consumer is not an idle upstream: time between reads does not count', async () => {
    const frames = [chunk('a'), chunk('b'), chunk('c'), 'data: [DONE]\n\n'];
    const { gw } = await gateway(() => ({ headers: SSE, frames, gapMs: 5 }), { retries: 0, timeouts: { streamIdleMs: 100 } });
    const got: string[] = [];
    for await (const c of gw.chatStream(hi)) {
      got.push(c.choices[0]?.delta.content ?? '');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(got.join('')).toBe('abc');
  });

  it('data events keep a long stream alive past streamIdleMs and past totalMs', async () => {
    const frames = [...Array.from({ length: 12 }, (_, i) => chunk(String(i % 10))), 'data: [DONE]\n\n'];
    const { gw } = await gateway(() => ({ headers: SSE, frames, gapMs: 50 }), {
      retries: 0,
      timeouts: { streamIdleMs: 150, totalMs: 300 },
    });
    let text = '';
    for await (const c of gw.chatStream(hi)) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('012345678901');
  });

  it('streamIdleMs: 0 turns the idle limit off (totalMs still bounds the start)', async () => {
    const frames = [': ping\n\n', ': ping\n\n', chunk('late'), 'data: [DONE]\n\n'];
    const { gw } = await gateway(() => ({ headers: SSE, frames, gapMs: 150 }), { retries: 0, timeouts: { streamIdleMs: 0 } });
    let text = '';
    for await (const c of gw.chatStream(hi)) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('late');
  });

  it('ping events that carry no content do not reset the idle clock either', async () => {
    const ping = 'data: {"id":"","object":"chat.completion.chunk","choices":[]}\n\n';
    const { gw } = await gateway(() => ({ headers: SSE, frames: [chunk('one ')], repeat: ping, gapMs: 20 }), {
      retries: 0,
      timeouts: { streamIdleMs: 200 },
    });
    const t0 = performance.now();
    const err = await (async () => {
      for await (const _ of gw.chatStream(hi));
    })().catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT' });
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
