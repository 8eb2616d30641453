// The plugin on a real server with the memory store: exactness under a burst, headers on success and
// on refusal (through the official openai SDK), token reservations settled to real usage, scopes and
// matching, concurrency with slow streams released on abort.
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import {
  burst,
  chat,
  eventually,
  expectRateLimited,
  inputBound,
  inputTokens,
  type Running,
  refilled,
  startQuotaServer,
} from './helpers.js';

const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function start(...args: Parameters<typeof startQuotaServer>): Promise<Running> {
  const s = await startQuotaServer(...args);
  servers.push(s);
  return s;
}

const LONG = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');

describe('quota plugin over HTTP (memory store)', () => {
  it('200 parallel requests against 50 requests/min admit exactly the 50 of the burst (plus what refilled meanwhile)', async () => {
    const gw = await start({ limits: [{ scope: 'global', requestsPerMinute: 50 }] });
    expectRateLimited(await burst(200, () => chat(gw, { model: 'fast' })), 200, 50);
  });

  it('sends x-ratelimit-* on success and a 429 with retry-after the SDK understands', async () => {
    const gw = await start({
      limits: [{ name: 'fast-rpm', scope: 'key', match: { model: 'fast' }, requestsPerMinute: 3, tokensPerMinute: 100_000 }],
    });
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'ping' }];
    const { response } = await client.chat.completions.create({ model: 'fast', messages, max_tokens: 100 }).withResponse();
    const h = (n: string) => response.headers.get(n);
    expect(h('x-ratelimit-limit-requests')).toBe('3');
    expect(h('x-ratelimit-remaining-requests')).toBe('2');
    expect(h('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?[\d.]+s$/);
    expect(h('x-ratelimit-limit-tokens')).toBe('100000');
    // What is reserved up front is the cheap bound on the input (UTF-8 bytes), never below the o200k count.
    expect(inputBound({ messages })).toBeGreaterThanOrEqual(await inputTokens({ messages }));
    expect(Number(h('x-ratelimit-remaining-tokens'))).toBe(100_000 - inputBound({ messages }) - 100);
    // Streams carry them too (they are sent with the SSE headers).
    const res = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages, stream: true }),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await res.text();
    await client.chat.completions.create({ model: 'fast', messages });
    const err = await client.chat.completions.create({ model: 'fast', messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.message).toMatch(/Rate limit "fast-rpm" exceeded: 3 requests per minute for key "anonymous"/);
    // GCRA: 3 per minute frees one slot every 20 s, so the wait is 20 s, not up to 80 s.
    expect(Number(e.headers?.get('retry-after'))).toBe(20);
    expect(e.message).toMatch(/Retry in 20s\./);
    expect(e.headers?.get('x-ratelimit-limit-requests')).toBe('3');
    expect(e.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(e.headers?.get('x-ratelimit-reset-requests')).toMatch(/s$/);
    // A model the limit does not match is untouched, and carries no limit headers.
    const other = await chat(gw, { model: 'lorem' });
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });

  it('reserves the input bound + max_tokens, then settles to the real usage', async () => {
    const gw = await start({ limits: [{ scope: 'global', tokensPerMinute: 1_000 }] });
    const messages = [{ role: 'user' as const, content: 'count these few words please' }];
    const bound = inputBound({ messages });
    const t0 = performance.now();
    const first = await chat(gw, { model: 'fast', messages, max_tokens: 400 });
    expect(first.status).toBe(200);
    expect(Number(first.headers.get('x-ratelimit-remaining-tokens'))).toBe(1_000 - bound - 400);
    const used = first.json.usage.total_tokens as number;
    expect(used).toBeLessThan(50);
    // After settle only the real usage counts (plus what refilled since), then the new reservation.
    const second = await chat(gw, { model: 'fast', messages, max_tokens: 400 });
    const base = 1_000 - used - bound - 400;
    const remaining = Number(second.headers.get('x-ratelimit-remaining-tokens'));
    expect(remaining).toBeGreaterThanOrEqual(base);
    expect(remaining).toBeLessThanOrEqual(base + refilled(1_000, performance.now() - t0) + 1);
    // One that could never fit says so, without a retry-after.
    const never = await chat(gw, { model: 'fast', messages, max_tokens: 5_000 });
    expect(never.status).toBe(429);
    expect(never.json.error.message).toMatch(/Request too large for rate limit "global".*lower max_tokens/);
    expect(never.headers.get('retry-after')).toBeNull();
  });

  it('applies per-scope counters, combined scopes and matches', async () => {
    const gw = await start({
      limits: [
        { scope: 'user', requestsPerMinute: 2 },
        { name: 'team-slow', scope: ['team', 'model'], match: { model: 'lorem' }, requestsPerMinute: 1 },
      ],
    });
    const as = (user: string, team = 't1') => ({ 'x-test-user': user, 'x-test-team': team });
    expect((await chat(gw, { model: 'fast' }, as('alice'))).status).toBe(200);
    expect((await chat(gw, { model: 'fast' }, as('alice'))).status).toBe(200);
    const third = await chat(gw, { model: 'fast' }, as('alice'));
    expect(third.status).toBe(429);
    expect(third.json.error.message).toMatch(/Rate limit "user" exceeded: 2 requests per minute for user "alice"/);
    expect((await chat(gw, { model: 'lorem' }, as('bob'))).status).toBe(200);
    const teamHit = await chat(gw, { model: 'lorem' }, as('carol'));
    expect(teamHit.status).toBe(429);
    expect(teamHit.json.error.message).toMatch(/"team-slow" exceeded: 1 requests per minute for team "t1", model "lorem"/);
    // Another team has its own counter; carol's refused request was not counted against her.
    expect((await chat(gw, { model: 'lorem' }, as('dave', 't2'))).status).toBe(200);
    expect((await chat(gw, { model: 'fast' }, as('carol'))).status).toBe(200);
    expect((await chat(gw, { model: 'fast' }, as('carol'))).status).toBe(200);
  });

  it('caps output at defaultOutputTokens when asked to, so the reservation bounds the reply', async () => {
    const gw = await start({ defaultOutputTokens: 7, capOutputTokens: true, limits: [{ scope: 'global', tokensPerMinute: 10_000 }] });
    const capped = await chat(gw, { model: 'lorem' });
    expect(capped.json.usage.completion_tokens).toBe(7);
    expect(capped.json.choices[0].finish_reason).toBe('length');
    const own = await chat(gw, { model: 'lorem', max_tokens: 12 });
    expect(own.json.usage.completion_tokens).toBe(12);
  });

  it('counts embeddings input tokens', async () => {
    const gw = await start({ limits: [{ scope: 'endpoint', match: { endpoint: 'embeddings' }, tokensPerMinute: 50 }] });
    const res = await fetch(`${gw.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'embed', input: ['hello world', 'foo'] }),
    });
    expect(res.status).toBe(200);
    // The bound: UTF-8 bytes of each input (11 + 3).
    expect(res.headers.get('x-ratelimit-remaining-tokens')).toBe(String(50 - 14));
    const big = await fetch(`${gw.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'embed', input: LONG.repeat(3) }),
    });
    expect(big.status).toBe(429);
  });

  it('holds a concurrency limit with slow streams and frees a slot when a client aborts', async () => {
    const gw = await start({ limits: [{ name: 'inflight', scope: 'global', concurrent: 5 }] });
    const body = JSON.stringify({ model: 'slower', messages: [{ role: 'user', content: LONG }], stream: true });
    const streams = Array.from({ length: 20 }, () => {
      const ac = new AbortController();
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
    expect(admitted.length).toBe(5);
    const refused = responses.find((r) => r.status === 429) as Response;
    expect(((await refused.json()) as any).error.message).toMatch(/Concurrency limit "inflight" exceeded: 5 requests in flight/);
    expect((await chat(gw, { model: 'fast' })).status).toBe(429);
    // Abort one stream mid-way: its slot is released (complete fires once, as aborted).
    const [aborted, ...rest] = admitted;
    await aborted?.res.body?.getReader().read();
    aborted?.ac.abort();
    await eventually(async () => (await chat(gw, { model: 'fast' })).status === 200);
    // That slot came from the abort: the other four still hold theirs.
    const again = await fetch(`${gw.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(again.status).toBe(200);
    expect((await chat(gw, { model: 'fast' })).status).toBe(429);
    // All finish normally and free theirs.
    await Promise.all([...rest, { res: again }].map((s) => s.res.text()));
    await eventually(async () => (await burst(5, () => chat(gw, { model: 'fast' }))).statuses[200] === 5);
  });
});
