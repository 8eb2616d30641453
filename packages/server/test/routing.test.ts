// Fallback, retries, timeouts and the circuit breaker against fake upstreams that fail on cue, over real HTTP.
import { startFakeOpenAI } from '@switchyard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { chatBody, postJson, type RunningGateway, startGateway } from './harness.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

type FakeOptions = Parameters<typeof startFakeOpenAI>[0];

async function setup(scripts: [FakeOptions, FakeOptions], router: Record<string, unknown> = {}) {
  const a = await startFakeOpenAI(scripts[0]);
  const b = await startFakeOpenAI(scripts[1]);
  open.push(a, b);
  const gw: RunningGateway = await startGateway({
    providers: { a: { type: 'openai', apiKey: 'ka', baseUrl: a.baseUrl }, b: { type: 'openai', apiKey: 'kb', baseUrl: b.baseUrl } },
    models: {
      chain: {
        strategy: 'fallback',
        targets: [
          { provider: 'a', model: 'gpt-a' },
          { provider: 'b', model: 'gpt-b' },
        ],
      },
    },
    router: { retries: 1, backoff: { baseMs: 10, maxMs: 50, jitter: false }, ...router },
  });
  open.push(gw);
  return { a, b, gw };
}

describe('retries and fallback', () => {
  it('retries a 500 on the same target and succeeds', async () => {
    const { a, b, gw } = await setup([{ script: [{ kind: 'status', status: 500, body: { error: { message: 'boom' } } }] }, {}]);
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-provider')).toBe('a');
    expect(r.headers.get('x-switchyard-attempts')).toBe('2');
    expect(a.requests).toHaveLength(2);
    expect(b.requests).toHaveLength(0);
  });

  it('honours retry-after on a 429 before retrying', async () => {
    const { a, gw } = await setup([
      {
        script: [
          {
            kind: 'status',
            status: 429,
            headers: { 'retry-after': '1' },
            body: { error: { message: 'slow down', code: 'rate_limit_exceeded' } },
          },
        ],
      },
      {},
    ]);
    const t0 = performance.now();
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(a.requests).toHaveLength(2);
  });

  it('falls back when retry-after is longer than maxRetryAfterMs', async () => {
    const { a, b, gw } = await setup(
      [{ script: () => ({ kind: 'status', status: 429, headers: { 'retry-after': '120' }, body: { error: { message: 'later' } } }) }, {}],
      { maxRetryAfterMs: 5000 },
    );
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-provider')).toBe('b');
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(1);
  });

  it('falls back when the first target hangs past the first-byte timeout', async () => {
    const { b, gw } = await setup([{ script: () => ({ kind: 'hang' }) }, {}], { retries: 0, timeouts: { firstByteMs: 300 } });
    const t0 = performance.now();
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-provider')).toBe('b');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(b.requests).toHaveLength(1);
  });

  it('falls back when the connection is reset', async () => {
    const { b, gw } = await setup([{ script: () => ({ kind: 'reset' }) }, {}], { retries: 0 });
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-provider')).toBe('b');
    expect(b.requests).toHaveLength(1);
  });

  it('falls back before the first byte of a stream', async () => {
    const { gw } = await setup([{ script: () => ({ kind: 'status', status: 503, body: 'upstream down' }) }, {}], { retries: 0 });
    const res = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody('chain', 'stream me', { stream: true })),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('b');
    const text = await res.text();
    expect(text).toContain('stream');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('does not fall back on a 400 from upstream, and passes its status through', async () => {
    const { b, gw } = await setup([
      { script: () => ({ kind: 'status', status: 400, body: { error: { message: 'bad param', code: 'invalid_value' } } }) },
      {},
    ]);
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_value');
    expect(r.json.error.message).toContain('bad param');
    expect(b.requests).toHaveLength(0);
  });

  it('all targets failing -> 502 with OpenAI error JSON; timeouts -> 504', async () => {
    const fail = () => ({ kind: 'status' as const, status: 500, body: { error: { message: 'down' } } });
    const { gw } = await setup([{ script: fail }, { script: fail }], { retries: 0 });
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(502);
    expect(r.json.error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
    expect(r.headers.get('x-switchyard-attempts')).toBe('2');
    expect(r.text).not.toMatch(/at .*\.js/);

    const { gw: gw2 } = await setup([{ script: () => ({ kind: 'hang' }) }, { script: () => ({ kind: 'hang' }) }], {
      retries: 0,
      timeouts: { firstByteMs: 200 },
    });
    const t = await postJson(`${gw2.baseURL}/chat/completions`, chatBody('chain'));
    expect(t.status).toBe(504);
    expect(t.json.error.code).toBe('upstream_timeout');
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures so the dead target is skipped, then recovers via a half-open probe', async () => {
    let aDown = true;
    const { a, b, gw } = await setup(
      [{ script: () => (aDown ? { kind: 'status', status: 500, body: { error: { message: 'dead' } } } : { kind: 'pass' }) }, {}],
      { retries: 0, circuitBreaker: { failureThreshold: 3, cooldownMs: 400 } },
    );
    for (let i = 0; i < 3; i++) {
      const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
      expect(r.headers.get('x-switchyard-provider')).toBe('b');
    }
    expect(a.requests).toHaveLength(3);
    // Open: a is not even tried.
    for (let i = 0; i < 5; i++) {
      const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
      expect(r.status).toBe(200);
      expect(r.headers.get('x-switchyard-attempts')).toBe('1');
    }
    expect(a.requests).toHaveLength(3);
    const ready = await (await fetch(`${gw.url}/readyz`)).json();
    expect(ready.circuits['a/gpt-a']).toBe('open');
    // After the cooldown a probe goes through; a has recovered, so the circuit closes.
    aDown = false;
    await new Promise((r) => setTimeout(r, 450));
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.headers.get('x-switchyard-provider')).toBe('a');
    expect(a.requests).toHaveLength(4);
    expect(b.requests).toHaveLength(8);
  });

  it('every target open -> 503 no_healthy_upstream with retry-after', async () => {
    const fail = () => ({ kind: 'status' as const, status: 500, body: { error: { message: 'down' } } });
    const { a, b, gw } = await setup([{ script: fail }, { script: fail }], {
      retries: 0,
      circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 },
    });
    expect((await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'))).status).toBe(502);
    const r = await postJson(`${gw.baseURL}/chat/completions`, chatBody('chain'));
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('no_healthy_upstream');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(a.requests.length + b.requests.length).toBe(2);
  });
});
