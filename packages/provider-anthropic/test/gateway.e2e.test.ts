import { createGateway, type Gateway, SwitchyardError } from '@switchyard/core';
import { type FakeAnthropicUpstream, startFakeAnthropicUpstream } from '@switchyard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicProvider } from '../src/index.js';

let upstream: FakeAnthropicUpstream;
let gw: Gateway;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: 'test-key' });
  gw = createGateway({
    config: {
      providers: { a: { type: 'anthropic', apiKey: 'test-key', baseUrl: upstream.baseUrl } },
      models: { claude: { provider: 'a', model: 'claude-sonnet-4-5' } },
      router: { retries: 2, backoff: { baseMs: 1, maxMs: 2, jitter: false } },
    },
    providers: [anthropicProvider],
  });
  await gw.ready();
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
  upstream.reply((body) => ({
    content: [{ type: 'text', text: `Echo: ${body.messages.at(-1).content}` }],
    usage: { input_tokens: 9, output_tokens: 4 },
  }));
});

describe('gateway -> anthropic provider -> fake Anthropic upstream', () => {
  it('chat: sends x-api-key and anthropic-version, returns an OpenAI response', async () => {
    const res = await gw.chat({ model: 'claude', messages: [{ role: 'user', content: 'hello' }] });
    expect(res.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Echo: hello' }, finish_reason: 'stop' });
    expect(res.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 });
    const sent = upstream.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('test-key');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: 'hello' }] });
  });

  it('chatStream: text deltas, finish and usage from the full SSE event sequence', async () => {
    const chunks = [];
    for await (const c of gw.chatStream({
      model: 'claude',
      messages: [{ role: 'user', content: 'a rather long sentence to stream' }],
      stream_options: { include_usage: true },
    })) {
      chunks.push(c);
    }
    expect(upstream.requests[0]!.body.stream).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Echo: a rather long sentence to stream');
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } });
  });

  it('streamed tool calls arrive as OpenAI tool_call deltas', async () => {
    upstream.reply({
      content: [
        { type: 'thinking', thinking: 'The user wants weather.', signature: 'sig-1' },
        { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris', unit: 'c' } },
      ],
      stop_reason: 'tool_use',
    });
    const deltas = [];
    let finish: string | null = null;
    let reasoning = '';
    for await (const c of gw.chatStream({
      model: 'claude',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    })) {
      const ch = c.choices[0];
      if (ch?.delta.tool_calls) deltas.push(...ch.delta.tool_calls);
      if (ch?.delta.reasoning_content) reasoning += ch.delta.reasoning_content;
      finish = ch?.finish_reason ?? finish;
    }
    expect(deltas[0]).toEqual({ index: 0, id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual({ city: 'Paris', unit: 'c' });
    expect(reasoning).toBe('The user wants weather.');
    expect(finish).toBe('tool_calls');
    expect(upstream.requests[0]!.body.tools).toEqual([{ name: 'get_weather', input_schema: { type: 'object' } }]);
  });

  it('529 overloaded is retried, then succeeds', async () => {
    upstream.failNext(2, { status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const res = await gw.chat({ model: 'claude', messages: [{ role: 'user', content: 'again' }] });
    expect(res.choices[0]!.message.content).toBe('Echo: again');
    expect(upstream.requests).toHaveLength(3);
  });

  it('a 400 from upstream is not retried and keeps its status', async () => {
    upstream.failNext(1, { status: 400, type: 'invalid_request_error', message: 'messages: roles must alternate' });
    const err = await gw.chat({ model: 'claude', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, apiCode: 'invalid_request_error', upstreamStatus: 400 });
    expect(err.message).toContain('roles must alternate');
    expect(upstream.requests).toHaveLength(1);
  });

  it('a bad API key is an upstream auth failure whose message never contains the key', async () => {
    const bad = createGateway({
      config: {
        providers: { a: { type: 'anthropic', apiKey: 'wrong-key', baseUrl: upstream.baseUrl } },
        models: { claude: { provider: 'a', model: 'claude-sonnet-4-5' } },
      },
      providers: [anthropicProvider],
    });
    await bad.ready();
    const err = await bad.chat({ model: 'claude', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    await bad.close();
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', upstreamStatus: 401, apiCode: 'upstream_auth_failed' });
    expect(err.message).not.toContain('wrong-key');
  });

  it('a mid-stream error event ends the stream with an error', async () => {
    upstream.failNext(1, { status: 529, type: 'overloaded_error', message: 'Overloaded', midStreamAfterEvents: 5 });
    let text = '';
    const err = await (async () => {
      for await (const c of gw.chatStream({ model: 'claude', messages: [{ role: 'user', content: 'story' }] })) {
        text += c.choices[0]?.delta.content ?? '';
      }
    })().catch((e) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', upstreamStatus: 529 });
  });
});
