/**
 * End to end: a gateway with the `mistral` provider talking over HTTP to a fake Mistral that rejects
 * unknown fields with 422 and foreign tool-call ids with 400, so every passing request proves the
 * request mapping.
 */
import { type ChatMessage, type ChatRequest, createGateway, decodeEmbeddingBase64, type Gateway, SwitchyardError } from '@switchyard/core';
import {
  collect,
  mistralCompletion as completion,
  type FakeMistral,
  type FakeMistralHandler,
  fakeMistralEmbedding as fakeEmbedding,
  mistralError,
  startFakeMistral,
  mistralStreamOf as streamOf,
} from '@switchyard/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mistralProvider } from '../src/index.js';

const KEY = 'k-mistral-e2e-0001';
let fake: FakeMistral;
let gw: Gateway;

const weatherTool: NonNullable<ChatRequest['tools']>[number] = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

/** Calls get_weather (with a Mistral id) until a tool result arrives, then answers with it. */
const weatherAgent: FakeMistralHandler = (req) => {
  const body = req.body;
  const last = body.messages.at(-1);
  const res =
    last.role === 'tool'
      ? completion(body.model, { content: `It is ${last.content} (${last.name}).` }, 'stop', { prompt: 40, completion: 6 })
      : completion(
          body.model,
          {
            content: '',
            tool_calls: [{ id: 'Wx7kP2mQa', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
          },
          'tool_calls',
          { prompt: 30, completion: 12 },
        );
  return body.stream ? { sse: streamOf(res) } : { json: res };
};

beforeAll(async () => {
  fake = await startFakeMistral({ apiKey: KEY });
  gw = createGateway({
    config: {
      providers: {
        m: { type: 'mistral', apiKey: KEY, baseUrl: fake.baseUrl },
        badkey: { type: 'mistral', apiKey: 'k-wrong-key-0002', baseUrl: fake.baseUrl },
      },
      models: {
        small: { provider: 'm', model: 'mistral-small-latest' },
        large: { provider: 'm', model: 'mistral-large-latest' },
        embed: { provider: 'm', model: 'mistral-embed' },
        denied: { provider: 'badkey', model: 'mistral-small-latest' },
      },
      router: { retries: 1, backoff: { baseMs: 1, maxMs: 5, jitter: false } },
    },
    providers: [mistralProvider],
  });
  await gw.ready();
});

afterEach(() => {
  fake.handle(undefined);
  fake.requests.length = 0;
});

afterAll(async () => {
  await gw.close();
  await fake.close();
});

describe('gateway -> mistral provider -> fake Mistral', () => {
  it('chat: OpenAI-only fields are mapped or dropped, so the strict upstream accepts the request', async () => {
    const res = await gw.chat({
      model: 'small',
      messages: [
        { role: 'developer', content: 'Answer briefly.' },
        { role: 'user', content: 'Bonjour', name: 'alice' },
      ],
      seed: 42,
      max_completion_tokens: 64,
      user: 'customer-1',
      logprobs: true,
      store: false,
      service_tier: 'auto',
    } as ChatRequest);
    expect(res.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'You said: Bonjour' }, finish_reason: 'stop' });
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
    const [req] = fake.requests;
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.body).toEqual({
      model: 'mistral-small-latest',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Bonjour' },
      ],
      random_seed: 42,
      max_tokens: 64,
      stream: false,
    });
  });

  it('streams without stream_options; the usage Mistral puts on the last content chunk reaches the client', async () => {
    const chunks = await collect(
      gw.chatStream({
        model: 'small',
        messages: [{ role: 'user', content: 'count one two three' }],
        stream_options: { include_usage: true },
      }),
    );
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
    expect(fake.requests[0]?.body).not.toHaveProperty('stream_options');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('You said: count one two three');
    expect(chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0]?.finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(last.usage?.completion_tokens).toBe(8);
  });

  it('maps tool_choice required to any and returns Mistral tool calls', async () => {
    fake.handle(weatherAgent);
    const res = await gw.chat({
      model: 'large',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: 'required',
    });
    expect(fake.requests[0]?.body.tool_choice).toBe('any');
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(res.choices[0]?.message.tool_calls).toEqual([
      { id: 'Wx7kP2mQa', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
    ]);
  });

  it('round-trips a streamed Mistral tool call: its 9-char id comes back unchanged', async () => {
    fake.handle(weatherAgent);
    const messages: ChatMessage[] = [{ role: 'user', content: 'Weather?' }];
    const chunks = await collect(gw.chatStream({ model: 'large', messages, tools: [weatherTool] }));
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ index: 0, id: 'Wx7kP2mQa', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } });
    const res = await gw.chat({
      model: 'large',
      tools: [weatherTool],
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: calls[0]!.id!, type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
        },
        { role: 'tool', tool_call_id: calls[0]!.id!, content: 'sunny' },
      ],
    });
    expect(res.choices[0]?.message.content).toBe('It is sunny (get_weather).');
    expect(fake.requests[1]?.body.messages[1].tool_calls[0].id).toBe('Wx7kP2mQa');
    expect(fake.requests[1]?.body.messages[2].tool_call_id).toBe('Wx7kP2mQa');
  });

  it('accepts a conversation with OpenAI and Anthropic tool-call ids: they are mapped to matching 9-char ids', async () => {
    fake.handle(weatherAgent);
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_aXTvcUi8RFCgAXfr2B6WyIQv', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_aXTvcUi8RFCgAXfr2B6WyIQv', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '24C' },
    ];
    const res = await gw.chat({ model: 'large', tools: [weatherTool], messages });
    expect(res.choices[0]?.message.content).toBe('It is 24C (get_weather).');
    const sent = fake.requests[0]!.body.messages;
    const ids = sent[1].tool_calls.map((t: any) => t.id);
    expect(ids.every((id: string) => /^[A-Za-z0-9]{9}$/.test(id))).toBe(true);
    expect([sent[2].tool_call_id, sent[3].tool_call_id]).toEqual(ids);
    // The same conversation maps to the same ids the next time.
    await gw.chat({ model: 'large', tools: [weatherTool], messages });
    expect(fake.requests[1]!.body.messages[1].tool_calls.map((t: any) => t.id)).toEqual(ids);
  });

  it('sends a trailing assistant message as a prefix, which Mistral otherwise refuses', async () => {
    const res = await gw.chat({
      model: 'small',
      messages: [
        { role: 'user', content: 'Say hi' },
        { role: 'assistant', content: 'Hi' },
      ],
    });
    expect(res.choices[0]?.message.content).toBe('You said: Say hi');
    expect(fake.requests[0]?.body.messages[1]).toEqual({ role: 'assistant', content: 'Hi', prefix: true });
  });

  it('embeds one and several inputs, base64 when asked', async () => {
    const one = await gw.embed({ model: 'embed', input: 'hello', user: 'u-1' });
    expect(one.data[0]?.embedding).toEqual(fakeEmbedding('hello'));
    expect(one.usage).toMatchObject({ prompt_tokens: 2, total_tokens: 2 });
    expect(fake.requests[0]).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'mistral-embed', input: 'hello', encoding_format: 'float' },
    });
    const many = await gw.embed({ model: 'embed', input: ['a', 'bb'], encoding_format: 'base64', dimensions: 4 });
    expect(fake.requests[1]?.body.output_dimension).toBe(4);
    expect(many.data.map((d) => decodeEmbeddingBase64(d.embedding as string))).toEqual(
      ['a', 'bb'].map((t) => fakeEmbedding(t).map((v) => Math.fround(v))),
    );
  });

  it('a 422 from Mistral reaches the caller as a 400 with the readable detail', async () => {
    fake.queue(
      mistralError(422, {
        detail: [
          { type: 'extra_forbidden', loc: ['body', 'messages', 0, 'user', 'name'], msg: 'Extra inputs are not permitted', input: 'x' },
        ],
      }),
    );
    const err = await gw.chat({ model: 'small', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', status: 400, apiCode: 'extra_forbidden', upstreamStatus: 422 });
    expect(err.message).toContain('messages.0.user.name: Extra inputs are not permitted');
  });

  it('retries a 429 and then succeeds', async () => {
    fake.queue(mistralError(429, 'Rate limit exceeded', 'rate_limited', '1300'));
    const res = await gw.chat({ model: 'small', messages: [{ role: 'user', content: 'again' }] });
    expect(res.choices[0]?.message.content).toBe('You said: again');
  });

  it('a wrong key is a 401 reported as an upstream auth failure, with the key scrubbed', async () => {
    const err = await gw.chat({ model: 'denied', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', apiCode: 'upstream_auth_failed', upstreamStatus: 401 });
    expect(err.message).toContain('Unauthorized');
    expect(err.message).not.toContain('k-wrong-key-0002');
  });
});

describe('the fake Mistral itself', () => {
  const post = (path: string, body: unknown, key = KEY) =>
    fetch(`${fake.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  it('rejects OpenAI fields with 422 extra_forbidden details, like Mistral', async () => {
    const res = await post('/chat/completions', {
      model: 'm',
      messages: [{ role: 'user', content: 'hi', name: 'alice' }],
      stream: true,
      stream_options: { include_usage: true },
      seed: 1,
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.object).toBe('error');
    expect(body.message.detail.map((d: any) => [d.type, d.loc.join('.')])).toEqual([
      ['extra_forbidden', 'body.messages.0.user.name'],
      ['extra_forbidden', 'body.stream_options'],
      ['extra_forbidden', 'body.seed'],
    ]);
  });

  it('rejects tool-call ids that are not 9 alphanumerics, and a non-prefix trailing assistant message', async () => {
    const call = { id: 'call_abc123', type: 'function', function: { name: 'f', arguments: '{}' } };
    const bad = await post('/chat/completions', {
      model: 'm',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_abc123', content: 'r' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).message).toBe('Tool call id was call_abc123 but must be a-z, A-Z, 0-9, with a length of 9.');
    const prefill = await post('/chat/completions', {
      model: 'm',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
    });
    expect(prefill.status).toBe(400);
  });

  it('requires the bearer key', async () => {
    const res = await post('/chat/completions', { model: 'm', messages: [] }, 'nope');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Unauthorized' });
  });
});
