/** In-process end to end: a gateway with the mock provider, through core's full pipeline and decoder. */
import { type ChatChunk, createGateway, type Gateway, type Outcome, SwitchyardError } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { mockProvider } from '../src/index.js';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

async function gateway(config: Parameters<typeof createGateway>[0]['config'], onComplete?: (o: Outcome, attempts: number) => void) {
  gw = createGateway({ config, providers: [mockProvider] });
  if (onComplete) gw.hooks.complete.tap('test', (o, ctx) => onComplete(o, ctx.attempts));
  return gw.ready();
}

async function collect(it: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

const user = (content: string) => ({ role: 'user' as const, content });

describe('mock provider in a gateway', () => {
  it('chat, chatStream and embed with the smallest config', async () => {
    const g = await gateway({ providers: { m: { type: 'mock' } }, models: { fast: { provider: 'm', model: 'echo' } } });
    const res = await g.chat({ model: 'fast', messages: [user('hello gateway')] });
    expect(res.choices[0]!.message.content).toBe('hello gateway');
    expect(res.usage).toEqual({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });

    const chunks = await collect(
      g.chatStream({ model: 'fast', messages: [user('hello streaming gateway')], stream_options: { include_usage: true } }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('hello streaming gateway');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 6 } });

    const emb = await g.embed({ model: 'fast', input: ['a', 'b'], dimensions: 8 });
    expect(emb.data.map((d) => (d.embedding as number[]).length)).toEqual([8, 8]);
    const b64 = await g.embed({ model: 'fast', input: 'a', dimensions: 8, encoding_format: 'base64' });
    expect(typeof b64.data[0]!.embedding).toBe('string');
  });

  it('a tool loop: the model calls the tool, then answers from its result', async () => {
    const g = await gateway({
      providers: {
        m: { type: 'mock', models: { agent: { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }], reply: 'Sunny in Oslo.' } } },
      },
      models: { agent: { provider: 'm', model: 'agent' } },
    });
    const tools = [{ type: 'function' as const, function: { name: 'weather', parameters: { type: 'object' } } }];
    const first = await g.chat({ model: 'agent', messages: [user('weather?')], tools });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(call.function).toEqual({ name: 'weather', arguments: '{"city":"Oslo"}' });
    const second = await g.chat({
      model: 'agent',
      tools,
      messages: [
        user('weather?'),
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '21C' },
      ],
    });
    expect(second.choices[0]).toMatchObject({ message: { content: 'Sunny in Oslo.' }, finish_reason: 'stop' });
  });

  it('flaky-<n>: the router retries and the third attempt succeeds', async () => {
    let attempts = 0;
    const g = await gateway(
      {
        providers: { m: { type: 'mock' } },
        models: { f: { provider: 'm', model: 'flaky-2' } },
        router: { retries: 2, backoff: { baseMs: 1, maxMs: 2, jitter: false } },
      },
      (_o, n) => {
        attempts = n;
      },
    );
    await expect(g.chat({ model: 'f', messages: [user('eventually')] })).resolves.toMatchObject({
      choices: [{ message: { content: 'eventually' } }],
    });
    expect(attempts).toBe(3);
  });

  it('fail-<status> falls back to the next target', async () => {
    const g = await gateway({
      providers: { m: { type: 'mock' } },
      models: {
        fb: {
          strategy: 'fallback',
          targets: [
            { provider: 'm', model: 'fail-500' },
            { provider: 'm', model: 'echo' },
          ],
        },
      },
      router: { retries: 0 },
    });
    const res = await g.chat({ model: 'fb', messages: [user('saved')] });
    expect(res).toMatchObject({ model: 'echo', choices: [{ message: { content: 'saved' } }] });
  });

  it('fail-429 with retries off surfaces a rate-limit error with retry-after', async () => {
    const g = await gateway({
      providers: { m: { type: 'mock' } },
      models: { r: { provider: 'm', model: 'fail-429+retry-after-2000' } },
      router: { retries: 0 },
    });
    const err = await g.chat({ model: 'r', messages: [user('x')] }).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SY_ERR_RATE_LIMITED', retryAfter: 2 });
  });

  it('drop-after-<n>: the stream delivers n chunks then fails with a connection error', async () => {
    const g = await gateway({ providers: { m: { type: 'mock' } }, models: { d: { provider: 'm', model: 'drop-after-2' } } });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of g.chatStream({ model: 'd', messages: [user('a b c d e')] })) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    expect(got.join('')).toBe('a b');
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_CONNECTION' });
  });

  it('error-after-<n>: the in-stream error reaches the caller as a coded error', async () => {
    const g = await gateway({ providers: { m: { type: 'mock' } }, models: { e: { provider: 'm', model: 'error-after-1' } } });
    const err = await collect(g.chatStream({ model: 'e', messages: [user('a b c')] })).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', provider: 'm' });
  });

  it('a client abort mid-stream stops the upstream and completes as aborted', async () => {
    const outcomes: Outcome[] = [];
    const g = await gateway({ providers: { m: { type: 'mock' } }, models: { s: { provider: 'm', model: 'delay-30' } } }, (o) => {
      outcomes.push(o);
    });
    const ac = new AbortController();
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of g.chatStream({ model: 's', messages: [user('w1 w2 w3 w4 w5 w6 w7 w8 w9 w10')] }, { signal: ac.signal })) {
        got.push(c.choices[0]?.delta.content ?? '');
        if (got.length === 2) ac.abort();
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(got.length).toBeLessThan(4);
    // `complete` runs after the reply (an aborted stream's usage is estimated first); close awaits it.
    await g.close();
    expect(outcomes.map((o) => o.status)).toEqual(['aborted']);
    expect(outcomes[0]?.usage?.estimated).toBe(true);
  });

  it('the total timeout aborts a slow upstream with a timeout error', async () => {
    const g = await gateway({
      providers: { m: { type: 'mock' } },
      models: { slow: { provider: 'm', model: 'slow-2000' } },
      router: { retries: 0, timeouts: { totalMs: 50 } },
    });
    const started = Date.now();
    const err = await g.chat({ model: 'slow', messages: [user('x')] }).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('rejects invalid mock options at boot with the path of the bad key', async () => {
    gw = createGateway({ config: { providers: { m: { type: 'mock', chunks: 0 } } }, providers: [mockProvider] });
    await expect(gw.ready()).rejects.toMatchObject({ code: 'SY_ERR_CONFIG', message: expect.stringContaining('providers.m') });
  });
});
