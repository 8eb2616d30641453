import { type ChatMessage, type ChatRequest, createGateway, decodeEmbeddingBase64, type Gateway, SwitchyardError } from '@switchyard/core';
import { collect, type FakeGemini, type FakeGeminiHandler, fakeEmbedding, startFakeGemini } from '@switchyard/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { googleProvider, SKIP_THOUGHT_SIGNATURE } from '../src/index.js';
import { fixtureJson } from './helpers.js';

const SIGNATURE = 'CiQBVKhc7bLy1fh2ZXJ5LW9wYXF1ZS1zaWduYXR1cmUtMDAxEkIKQAFUqFzt';

const weatherTool: NonNullable<ChatRequest['tools']>[number] = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};

/** Calls get_weather (signed, like Gemini 3) until a function response arrives, then answers in text. */
const weatherAgent: FakeGeminiHandler = (req) => {
  const last = req.body.contents.at(-1);
  const result = last.parts.find((p: any) => p.functionResponse)?.functionResponse.response;
  if (result) {
    return {
      json: {
        candidates: [
          { content: { role: 'model', parts: [{ text: `It is ${result.result ?? result.temp_c}.` }] }, finishReason: 'STOP', index: 0 },
        ],
        modelVersion: req.model,
        responseId: 'answer-1',
      },
    };
  }
  const chunk = {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: SIGNATURE }],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 5, thoughtsTokenCount: 30, totalTokenCount: 55 },
    modelVersion: req.model,
    responseId: 'call-1',
  };
  return req.method === 'streamGenerateContent' ? { sse: [chunk] } : { json: chunk };
};

let fake: FakeGemini;
let gw: Gateway;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'test-key' });
  gw = createGateway({
    config: {
      providers: {
        g: { type: 'google', apiKey: 'test-key', baseUrl: fake.baseUrl },
        strict: { type: 'google', apiKey: 'test-key', baseUrl: fake.baseUrl, thoughtSignatureFallback: false },
        badkey: { type: 'google', apiKey: 'wrong-key-123', baseUrl: fake.baseUrl },
      },
      models: {
        gem: { provider: 'g', model: 'gemini-2.5-flash' },
        gem3: { provider: 'g', model: 'gemini-3-pro-preview' },
        gem3strict: { provider: 'strict', model: 'gemini-3-pro-preview' },
        badkey: { provider: 'badkey', model: 'gemini-2.5-flash' },
        embed: { provider: 'g', model: 'gemini-embedding-001' },
      },
      router: { retries: 2, backoff: { baseMs: 1, maxMs: 5, jitter: false } },
    },
    providers: [googleProvider],
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

describe('gateway -> google provider -> fake Gemini', () => {
  it('chats: the key travels in x-goog-api-key, never in the URL', async () => {
    const res = await gw.chat({ model: 'gem', messages: [{ role: 'user', content: 'Hello' }] });
    expect(res.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'You said: Hello' }, finish_reason: 'stop' });
    expect(res.model).toBe('gemini-2.5-flash');
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
    const [req] = fake.requests;
    expect(req?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(req?.headers['x-goog-api-key']).toBe('test-key');
  });

  it('streams over alt=sse: OpenAI chunks with role first, finish_reason, and a usage chunk', async () => {
    const chunks = await collect(
      gw.chatStream({ model: 'gem', messages: [{ role: 'user', content: 'Count to three' }], stream_options: { include_usage: true } }),
    );
    expect(fake.requests[0]?.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('You said: Count to three');
    expect(chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0]?.finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('embeds one input with embedContent and several with batchEmbedContents, base64 when asked', async () => {
    const one = await gw.embed({ model: 'embed', input: 'hello' });
    expect(one.data[0]?.embedding).toEqual(fakeEmbedding('hello'));
    expect(one.usage).toMatchObject({ prompt_tokens: 2, total_tokens: 2 });
    const many = await gw.embed({ model: 'embed', input: ['a', 'bb'], encoding_format: 'base64' });
    expect(fake.requests.map((r) => r.method)).toEqual(['embedContent', 'batchEmbedContents']);
    expect(many.data.map((d) => decodeEmbeddingBase64(d.embedding as string))).toEqual(
      ['a', 'bb'].map((t) => fakeEmbedding(t).map((v) => Math.fround(v))),
    );
  });

  it('round-trips a Gemini 3 function call: the replayed call keeps its thought signature and Gemini accepts it', async () => {
    fake.handle(weatherAgent);
    const messages: ChatMessage[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await gw.chat({ model: 'gem3', messages, tools: [weatherTool] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const toolCall = choice.message.tool_calls![0]!;
    expect(toolCall).toMatchObject({ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
    expect(toolCall.extra_content).toEqual({ google: { thought_signature: SIGNATURE } });
    expect(first.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 35, completion_tokens_details: { reasoning_tokens: 30 } });

    const assistant = JSON.parse(JSON.stringify(choice.message)) as ChatMessage;
    const second = await gw.chat({
      model: 'gem3',
      tools: [weatherTool],
      messages: [...messages, assistant, { role: 'tool', tool_call_id: toolCall.id, content: '{"temp_c":18}' }],
    });
    expect(second.choices[0]?.message.content).toBe('It is 18.');
    const replayed = fake.requests[1]?.body.contents;
    expect(replayed[1].parts[0].thoughtSignature).toBe(SIGNATURE);
    expect(replayed[2].parts[0]).toEqual({ functionResponse: { name: 'get_weather', response: { temp_c: 18 } } });
  });

  it('round-trips a streamed function call: the signature rides on the tool-call delta as extra_content', async () => {
    fake.handle(weatherAgent);
    const chunks = await collect(gw.chatStream({ model: 'gem3', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] }));
    const delta = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(delta).toHaveLength(1);
    expect(delta[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      extra_content: { google: { thought_signature: SIGNATURE } },
    });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
    const { index: _i, ...call } = delta[0]!;
    const res = await gw.chat({
      model: 'gem3',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [call as any] },
        { role: 'tool', tool_call_id: call.id!, content: 'sunny' },
      ],
    });
    expect(res.choices[0]?.message.content).toBe('It is sunny.');
  });

  it('lets Gemini 3 accept tool calls from another provider via the skip sentinel; without it Gemini refuses with 400', async () => {
    fake.handle(weatherAgent);
    const foreign: ChatMessage[] = [
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_01', content: 'cloudy' },
    ];
    const ok = await gw.chat({ model: 'gem3', tools: [weatherTool], messages: foreign });
    expect(ok.choices[0]?.message.content).toBe('It is cloudy.');
    expect(fake.requests[0]?.body.contents[1].parts[0].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);

    const err = await gw.chat({ model: 'gem3strict', tools: [weatherTool], messages: foreign }).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err.status).toBe(400);
    expect(err.apiCode).toBe('invalid_argument');
    expect(err.message).toContain('missing a thought_signature');
  });

  it('sends JSON mode as responseMimeType + responseJsonSchema', async () => {
    fake.queue({ json: fixtureJson('json-mode.json') });
    const res = await gw.chat({
      model: 'gem',
      messages: [{ role: 'user', content: 'Who wrote the first program?' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'p', schema: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false } },
      },
    });
    expect(JSON.parse(res.choices[0]!.message.content!)).toMatchObject({ name: 'Ada Lovelace' });
    expect(fake.requests[0]?.body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false },
    });
  });

  it('reports a blocked prompt as content_filter', async () => {
    fake.queue({ json: fixtureJson('safety-prompt-blocked.json') });
    const res = await gw.chat({ model: 'gem', messages: [{ role: 'user', content: '...' }] });
    expect(res.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('retries a 429 after the RetryInfo delay and then succeeds', async () => {
    const body = fixtureJson('error-429-resource-exhausted.json');
    body.error.details[2].retryDelay = '0.02s';
    fake.queue({ status: 429, json: body });
    const started = Date.now();
    const res = await gw.chat({ model: 'gem', messages: [{ role: 'user', content: 'again' }] });
    expect(res.choices[0]?.message.content).toBe('You said: again');
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('gives up on a 429 whose RetryInfo delay is longer than the router allows, exposing retryAfter', async () => {
    fake.queue({ status: 429, json: fixtureJson('error-429-resource-exhausted.json') });
    const err = await gw.chat({ model: 'gem', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_RATE_LIMITED', status: 429, retryAfter: 27.314, upstreamStatus: 429 });
    expect(fake.requests).toHaveLength(1);
  });

  it('passes a bad key 400 through with its ErrorInfo reason and the key scrubbed', async () => {
    const err = await gw.chat({ model: 'badkey', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toMatchObject({ status: 400, apiCode: 'api_key_invalid' });
    expect(err.message).toContain('API key not valid');
    expect(err.message).not.toContain('wrong-key-123');
  });

  it('rejects a stream that fails before the first byte like a non-stream request', async () => {
    fake.queue(
      { status: 503, json: fixtureJson('error-503-unavailable.json') },
      { status: 503, json: fixtureJson('error-503-unavailable.json') },
    );
    const chunks = await collect(gw.chatStream({ model: 'gem', messages: [{ role: 'user', content: 'hi' }] }));
    expect(fake.requests).toHaveLength(3);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('You said: hi');
  });
});

describe('the fake Gemini itself', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'test-key' }) =>
    fetch(`${fake.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('rejects unknown fields with 400 INVALID_ARGUMENT, naming them like Gemini', async () => {
    const res = await post('/models/gemini-2.5-flash:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      generationConfig: { max_tokens: 5 },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: 'Invalid JSON payload received. Unknown name "max_tokens" at \'generation_config\': Cannot find field.',
      },
    });
  });

  it('refuses requests without a key (403) and the system role (400)', async () => {
    expect((await post('/models/m:generateContent', { contents: [] }, {})).status).toBe(403);
    const res = await post('/models/m:generateContent', { contents: [{ role: 'system', parts: [{ text: 'x' }] }] });
    expect(res.status).toBe(400);
  });

  it('refuses a function response that is not an object', async () => {
    const res = await post('/models/m:generateContent', {
      contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: 'plain' } }] }],
    });
    expect(res.status).toBe(400);
  });

  it('streams a JSON array without alt=sse and \\r\\n\\r\\n-framed events with it', async () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'a b' }] }] };
    const array = await post('/models/m:streamGenerateContent', body);
    expect(Array.isArray(await array.json())).toBe(true);
    const sse = await (await post('/models/m:streamGenerateContent?alt=sse', body)).text();
    expect(sse.startsWith('data: {')).toBe(true);
    expect(sse.endsWith('\r\n\r\n')).toBe(true);
    expect(sse).not.toContain('[DONE]');
  });
});
