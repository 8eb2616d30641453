// The official `openai` SDK's Responses client against the gateway, with Anthropic- and Gemini-backed
// aliases reached through the canonical translation (protocol-faithful fakes as upstreams).
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { googleProvider } from '@switchyard/provider-google';
import { mockProvider } from '@switchyard/provider-mock';
import { openaiProvider } from '@switchyard/provider-openai';
import { type FakeAnthropicUpstream, type FakeGemini, startFakeAnthropicUpstream, startFakeGemini } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from './harness.js';

let gw: RunningGateway;
let anthropic: FakeAnthropicUpstream;
let gemini: FakeGemini;
let client: OpenAI;

const weather = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

beforeAll(async () => {
  anthropic = await startFakeAnthropicUpstream({ apiKey: 'sk-ant-test' });
  gemini = await startFakeGemini({ apiKey: 'gem-test' });
  gw = await startGateway(
    {
      providers: {
        anthropic: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: anthropic.baseUrl },
        google: { type: 'google', apiKey: 'gem-test', baseUrl: gemini.baseUrl },
        mock: { type: 'mock' },
      },
      models: {
        claude: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
        gemini: { provider: 'google', model: 'gemini-2.5-flash' },
        echo: { provider: 'mock', model: 'echo' },
      },
    },
    { providers: [mockProvider, openaiProvider, anthropicProvider, googleProvider] },
  );
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'gateway-key', maxRetries: 0 });
});

afterAll(async () => {
  await gw?.close();
  await anthropic?.close();
  await gemini?.close();
});

beforeEach(() => {
  anthropic.reply((body: any) => {
    const last = body.messages.at(-1);
    const text = typeof last.content === 'string' ? last.content : last.content.map((b: any) => b.text ?? '').join(' ');
    return { content: [{ type: 'text', text: `Echo: ${text}` }] };
  });
  gemini.handle(undefined);
});

describe('client.responses.create (non-stream)', () => {
  it('answers with a response object: a completed message, usage and the gateway headers', async () => {
    const { data, response } = await client.responses
      .create({ model: 'claude', input: 'hello responses', instructions: 'Be brief.' })
      .withResponse();
    expect(data.object).toBe('response');
    expect(data.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(data.status).toBe('completed');
    expect(data.output_text).toBe('Echo: hello responses');
    const msg = data.output[0];
    expect(msg).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(msg?.type === 'message' && msg.id).toMatch(/^msg_/);
    expect(data.instructions).toBe('Be brief.');
    expect(data.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: 10, input_tokens_details: { cached_tokens: 0 } });
    expect(data.usage?.total_tokens).toBe((data.usage?.input_tokens ?? 0) + 10);
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    // Anthropic got the instructions as its system prompt.
    expect(anthropic.requests.at(-1)?.body.system).toBe('Be brief.');
  });

  it('usage carries cached and reasoning tokens (input_tokens_details / output_tokens_details)', async () => {
    gemini.queue({
      json: {
        candidates: [{ content: { parts: [{ text: 'thought about it' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: {
          promptTokenCount: 120,
          cachedContentTokenCount: 100,
          candidatesTokenCount: 4,
          thoughtsTokenCount: 30,
          totalTokenCount: 154,
        },
        modelVersion: 'gemini-2.5-flash',
      },
    });
    const res = await client.responses.create({ model: 'gemini', input: 'think' });
    expect(res.usage).toEqual({
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 34,
      output_tokens_details: { reasoning_tokens: 30 },
      total_tokens: 154,
    });
  });

  it('status incomplete with incomplete_details.reason when the model hits its token limit', async () => {
    anthropic.reply({ content: [{ type: 'text', text: 'Once upon a' }], stop_reason: 'max_tokens' });
    const res = await client.responses.create({ model: 'claude', input: 'tell me a story', max_output_tokens: 3 });
    expect(res.status).toBe('incomplete');
    expect(res.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(res.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    expect(anthropic.requests.at(-1)?.body.max_tokens).toBe(3);
  });

  it('structured output with text.format json_schema', async () => {
    anthropic.reply((body: any) => {
      // The Anthropic provider asks for JSON through a forced tool; answer through it.
      const tool = body.tools?.[0];
      return { content: [{ type: 'tool_use', name: tool.name, input: { city: 'Paris', temp_c: 21 } }], stop_reason: 'tool_use' };
    });
    const res = await client.responses.create({
      model: 'claude',
      input: 'Weather in Paris as JSON',
      text: {
        format: {
          type: 'json_schema',
          name: 'weather',
          strict: true,
          schema: {
            type: 'object',
            properties: { city: { type: 'string' }, temp_c: { type: 'number' } },
            required: ['city', 'temp_c'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(JSON.parse(res.output_text)).toEqual({ city: 'Paris', temp_c: 21 });
    expect(res.text?.format).toMatchObject({ type: 'json_schema', name: 'weather' });
    const sent = anthropic.requests.at(-1)?.body;
    expect(sent.tools[0].input_schema.properties.temp_c).toEqual({ type: 'number' });
  });

  it('an image input reaches the upstream as an image', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const res = await client.responses.create({
      model: 'gemini',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in this picture?' },
            { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' },
          ],
        },
      ],
    });
    expect(res.output_text).toBe('You said: What is in this picture?');
    const parts = gemini.requests.at(-1)?.body.contents[0].parts;
    expect(parts).toContainEqual({ inlineData: { mimeType: 'image/png', data: png } });
  });
});

describe('function calling', () => {
  it('round trip: a function_call, then function_call_output in the next request', async () => {
    anthropic.reply((body: any) => {
      const last = body.messages.at(-1);
      const result = Array.isArray(last.content) ? last.content.find((b: any) => b.type === 'tool_result') : undefined;
      if (result) return { content: [{ type: 'text', text: `It is ${result.content} in Paris.` }] };
      return { content: [{ type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } }], stop_reason: 'tool_use' };
    });
    const first = await client.responses.create({ model: 'claude', input: 'Weather in Paris?', tools: [weather], store: false });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      call_id: 'toolu_01A',
      status: 'completed',
    });
    expect(call?.id).toMatch(/^fc_/);
    expect(first.store).toBe(false);
    const second = await client.responses.create({
      model: 'claude',
      tools: [weather],
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...first.output,
        { type: 'function_call_output', call_id: 'toolu_01A', output: '18°C and sunny' },
      ],
    });
    expect(second.output_text).toBe('It is 18°C and sunny in Paris.');
    const sent = anthropic.requests.at(-1)?.body;
    expect(sent.messages[1].content[0]).toMatchObject({ type: 'tool_use', id: 'toolu_01A', name: 'get_weather' });
    expect(sent.messages[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C and sunny' });
  });
});

describe('client.responses.stream', () => {
  it('text: event helpers fire and finalResponse() is the completed response', async () => {
    const deltas: string[] = [];
    const types: string[] = [];
    const stream = client.responses
      .stream({ model: 'claude', input: 'stream this please' })
      .on('response.output_text.delta', (e) => deltas.push(e.delta))
      .on('event', (e) => types.push(e.type));
    const final = await stream.finalResponse();
    expect(deltas.join('')).toBe('Echo: stream this please');
    expect(final.status).toBe('completed');
    // The SDK adds `output_text` to parsed responses only; the streamed message has the text.
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'message',
        status: 'completed',
        content: [expect.objectContaining({ type: 'output_text', text: 'Echo: stream this please' })],
      }),
    ]);
    expect(final.usage?.output_tokens).toBe(10);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('tool call: argument deltas, then the call in finalResponse()', async () => {
    anthropic.reply({
      content: [{ type: 'tool_use', id: 'toolu_02B', name: 'get_weather', input: { city: 'Oslo' } }],
      stop_reason: 'tool_use',
    });
    let args = '';
    const stream = client.responses
      .stream({ model: 'claude', input: 'Weather in Oslo?', tools: [weather] })
      .on('response.function_call_arguments.delta', (e) => {
        args = e.snapshot;
      });
    const final = await stream.finalResponse();
    expect(args).toBe('{"city":"Oslo"}');
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        call_id: 'toolu_02B',
        name: 'get_weather',
        arguments: '{"city":"Oslo"}',
        status: 'completed',
      }),
    ]);
  });

  it('a stream cut at the token limit ends with response.incomplete', async () => {
    anthropic.reply({ content: [{ type: 'text', text: 'Once upon a' }], stop_reason: 'max_tokens' });
    const events: { type: string; response?: any }[] = [];
    const s = await client.responses.create({ model: 'claude', input: 'story', max_output_tokens: 3, stream: true });
    for await (const e of s) events.push(e as never);
    const last = events.at(-1);
    expect(last?.type).toBe('response.incomplete');
    expect(last?.response.status).toBe('incomplete');
    expect(last?.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(events.map((e) => (e as any).sequence_number)).toEqual(events.map((_, i) => i));
  });
});
