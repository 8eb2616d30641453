// The official SDKs through the preset gateway to protocol-faithful fake upstreams of every provider.
import Anthropic from '@anthropic-ai/sdk';
import {
  type FakeAnthropicUpstream,
  type FakeGemini,
  type FakeMistral,
  type FakeSelfHosted,
  type FakeUpstream,
  mistralCompletion,
  mistralStreamOf,
  startFakeAnthropicUpstream,
  startFakeGemini,
  startFakeMistral,
  startFakeOpenAI,
  startFakeSelfHosted,
} from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetServer } from '../src/index.js';

let anthropicUp: FakeAnthropicUpstream;
let gemini: FakeGemini;
let openaiUp: FakeUpstream;
let mistralUp: FakeMistral;
let ollama: FakeSelfHosted;
let close: () => Promise<void>;
let baseURL: string;
let origin: string;

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** The fake's default: echo the last user text. */
const echoReply = (body: any) => {
  const last = [...body.messages].reverse().find((m: any) => m.role === 'user');
  const text = typeof last.content === 'string' ? last.content : last.content.map((b: any) => b.text ?? '').join(' ');
  return { content: [{ type: 'text' as const, text: `Echo: ${text}` }] };
};

beforeAll(async () => {
  anthropicUp = await startFakeAnthropicUpstream({ apiKey: 'sk-ant-test' });
  gemini = await startFakeGemini({ apiKey: 'gem-test' });
  mistralUp = await startFakeMistral({ apiKey: 'mistral-test' });
  // Like Mistral: call the offered tool (9-character id) until a tool result comes back.
  mistralUp.handle(({ path, body }) => {
    if (!path.endsWith('/chat/completions') || !body.tools?.length || body.messages.at(-1)?.role === 'tool') {
      if (body.messages?.at(-1)?.role !== 'tool') return undefined;
      const res = mistralCompletion(body.model, { role: 'assistant', content: `Tool said: ${body.messages.at(-1).content}` }, 'stop', {
        prompt: 9,
        completion: 3,
      });
      return body.stream ? { sse: mistralStreamOf(res) } : { json: res };
    }
    const call = { id: 'aB3dE6gH9', type: 'function', function: { name: body.tools[0].function.name, arguments: '{"city":"Paris"}' } };
    const res = mistralCompletion(body.model, { role: 'assistant', content: '', tool_calls: [call] }, 'tool_calls', {
      prompt: 9,
      completion: 5,
    });
    return body.stream ? { sse: mistralStreamOf(res) } : { json: res };
  });
  ollama = await startFakeSelfHosted({ flavor: 'ollama', models: ['llama3.1'] });
  openaiUp = await startFakeOpenAI({
    mock: { models: { 'gpt-tools': { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } } },
  });
  const server = await createPresetServer({
    server: { port: 0, logLevel: 'silent' },
    providers: {
      anthropic: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: anthropicUp.baseUrl },
      google: { type: 'google', apiKey: 'gem-test', baseUrl: gemini.baseUrl },
      openai: { type: 'openai', apiKey: 'sk-oai-test', baseUrl: openaiUp.baseUrl },
      mistral: { type: 'mistral', apiKey: 'mistral-test', baseUrl: mistralUp.baseUrl },
      local: { type: 'openai-compatible', server: 'ollama', baseUrl: ollama.baseUrl },
    },
    models: {
      claude: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      gem: { provider: 'google', model: 'gemini-2.5-flash' },
      gpt: { provider: 'openai', model: 'gpt-test' },
      'gpt-tools': { provider: 'openai', model: 'gpt-tools' },
      'gem-embed': { provider: 'google', model: 'gemini-embedding-001' },
      mis: { provider: 'mistral', model: 'mistral-small-latest' },
      'mis-embed': { provider: 'mistral', model: 'mistral-embed' },
      llama: { provider: 'local', model: 'llama3.1' },
      'claude-then-gemini': {
        targets: [
          { provider: 'anthropic', model: 'claude-sonnet-4-5' },
          { provider: 'google', model: 'gemini-2.5-flash' },
        ],
      },
    },
    router: { retries: 0 },
  });
  const url = await server.listen();
  origin = url;
  baseURL = `${url}/v1`;
  close = () => server.close();
});

afterAll(async () => {
  await close?.();
  await Promise.all([anthropicUp?.close(), gemini?.close(), openaiUp?.close(), mistralUp?.close(), ollama?.close()]);
});

describe('openai SDK to every provider', () => {
  const client = () => new OpenAI({ baseURL, apiKey: 'x', maxRetries: 0 });

  for (const alias of ['claude', 'gem', 'gpt', 'mis', 'llama']) {
    it(`${alias}: non-stream and stream`, async () => {
      const res = await client().chat.completions.create({
        model: alias,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hello provider' },
        ],
      });
      expect(res.object).toBe('chat.completion');
      expect(res.choices[0]?.message.content).toContain('hello provider');
      expect(res.choices[0]?.finish_reason).toBe('stop');
      expect(res.usage?.prompt_tokens).toBeGreaterThan(0);

      const stream = await client().chat.completions.create({
        model: alias,
        messages: [{ role: 'user', content: 'stream provider' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const c of stream) {
        text += c.choices[0]?.delta.content ?? '';
        finish = c.choices[0]?.finish_reason ?? finish;
        if (c.usage) usage = c.usage;
      }
      expect(text).toContain('stream provider');
      expect(finish).toBe('stop');
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    });
  }

  it('claude: tool calls round trip (tool_use -> tool_calls, tool result -> tool_result)', async () => {
    anthropicUp.reply({ content: [{ type: 'tool_use', name: 'get_weather', input: { city: 'Lima' } }] });
    const res = await client().chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'weather in Lima?' }],
      tools: [weatherTool],
    });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Lima' });
    const sent = anthropicUp.requests.at(-1)?.body;
    expect(sent.tools[0]).toMatchObject({ name: 'get_weather', input_schema: { type: 'object' } });

    anthropicUp.reply({ content: [{ type: 'text', text: 'It is sunny.' }] });
    const follow = await client().chat.completions.create({
      model: 'claude',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather in Lima?' },
        { role: 'assistant', content: null, tool_calls: res.choices[0]?.message.tool_calls },
        { role: 'tool', tool_call_id: call?.id ?? '', content: '{"temp":24}' },
      ],
    });
    expect(follow.choices[0]?.message.content).toBe('It is sunny.');
    const last = anthropicUp.requests.at(-1)?.body.messages.at(-1);
    expect(last.role).toBe('user');
    expect(last.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: expect.any(String) });
    anthropicUp.reply(echoReply);
  });

  it('claude: streamed tool input becomes OpenAI tool-call deltas', async () => {
    anthropicUp.reply({ content: [{ type: 'tool_use', name: 'get_weather', input: { city: 'Quito' } }] });
    const stream = await client().chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [weatherTool],
      stream: true,
    });
    let args = '';
    let name = '';
    let finish: string | null = null;
    for await (const c of stream) {
      const d = c.choices[0]?.delta.tool_calls?.[0];
      name += d?.function?.name ?? '';
      args += d?.function?.arguments ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    anthropicUp.reply(echoReply);
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Quito' });
    expect(finish).toBe('tool_calls');
  });

  it('gem: function calls get generated ids and finish with tool_calls; embeddings', async () => {
    gemini.queue({
      json: {
        candidates: [
          {
            content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Rome' } } }] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
      },
    });
    const res = await client().chat.completions.create({
      model: 'gem',
      messages: [{ role: 'user', content: 'weather in Rome?' }],
      tools: [weatherTool],
    });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });

    const emb = await client().embeddings.create({ model: 'gem-embed', input: ['alpha', 'beta'] });
    expect(emb.data).toHaveLength(2);
    expect(emb.data[0]?.embedding.length).toBeGreaterThan(3);
  });

  for (const alias of ['mis', 'llama']) {
    it(`${alias}: tool calls, non-stream and streamed, with ids the client can answer`, async () => {
      const res = await client().chat.completions.create({
        model: alias,
        messages: [{ role: 'user', content: 'weather in Paris?' }],
        tools: [weatherTool],
      });
      const call = res.choices[0]?.message.tool_calls?.[0];
      expect(res.choices[0]?.finish_reason).toBe('tool_calls');
      expect(call?.id).toMatch(/.+/);
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toMatchObject({ city: 'Paris' });

      const stream = await client().chat.completions.create({
        model: alias,
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [weatherTool],
        stream: true,
      });
      let args = '';
      let finish: string | null = null;
      for await (const c of stream) {
        args += c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
        finish = c.choices[0]?.finish_reason ?? finish;
      }
      expect(args).toContain('Paris');
      expect(finish).toBe('tool_calls');

      // Answering the call: the tool result goes back with the id the gateway handed out.
      const follow = await client().chat.completions.create({
        model: alias,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: res.choices[0]?.message.tool_calls },
          { role: 'tool', tool_call_id: call?.id ?? '', content: 'sunny' },
        ],
      });
      expect(follow.choices[0]?.message.content).toMatch(/sunny/i);
    });
  }

  it('mis and llama: embeddings (base64 by default in the SDK)', async () => {
    const mis = await client().embeddings.create({ model: 'mis-embed', input: ['alpha', 'beta'] });
    expect(mis.data).toHaveLength(2);
    expect(mis.data[0]?.embedding.length).toBeGreaterThan(1);
    const local = await client().embeddings.create({ model: 'llama', input: 'alpha' });
    expect(local.data[0]?.embedding.length).toBeGreaterThan(1);
  });

  it('gpt: tools through the OpenAI provider', async () => {
    const res = await client().chat.completions.create({
      model: 'gpt-tools',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [weatherTool],
    });
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('a fallback chain across providers: Anthropic fails, Gemini answers, OpenAI-shaped', async () => {
    anthropicUp.failNext(1, { status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const { data, response } = await client()
      .chat.completions.create({ model: 'claude-then-gemini', messages: [{ role: 'user', content: 'who answers?' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('google');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.role).toBe('assistant');
    expect(data.choices[0]?.message.content).toContain('who answers?');
  });
});

describe('@anthropic-ai/sdk through /v1/messages', () => {
  const client = () => new Anthropic({ baseURL: origin, apiKey: 'gateway-key', maxRetries: 0 });

  for (const model of ['claude', 'gpt']) {
    it(`${model}: non-stream and the full SSE event sequence`, async () => {
      const msg = await client().messages.create({
        model,
        max_tokens: 256,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'hi anthropic client' }],
      });
      expect(msg.type).toBe('message');
      expect(msg.role).toBe('assistant');
      expect(msg.model).toBe(model);
      const text = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      expect(text).toContain('hi anthropic client');
      expect(msg.stop_reason).toBe('end_turn');
      expect(msg.usage.output_tokens).toBeGreaterThan(0);

      const events: string[] = [];
      const stream = client().messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'stream anthropic client' }] });
      stream.on('streamEvent', (e) => events.push(e.type));
      const final = await stream.finalMessage();
      expect(final.content.map((b) => (b.type === 'text' ? b.text : '')).join('')).toContain('stream anthropic client');
      expect(events[0]).toBe('message_start');
      expect(events).toContain('content_block_start');
      expect(events).toContain('content_block_delta');
      expect(events).toContain('content_block_stop');
      expect(events.at(-2)).toBe('message_delta');
      expect(events.at(-1)).toBe('message_stop');
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });
  }

  it('gpt: tool use through an OpenAI-backed alias', async () => {
    const msg = await client().messages.create({
      model: 'gpt-tools',
      max_tokens: 256,
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'weather?' }],
    });
    expect(msg.stop_reason).toBe('tool_use');
    const tool = msg.content.find((b) => b.type === 'tool_use');
    expect(tool?.type === 'tool_use' && tool.name).toBe('get_weather');
    expect(tool?.type === 'tool_use' && tool.input).toEqual({ city: 'Oslo' });
  });

  it('Anthropic-only details reach an Anthropic target and never an OpenAI one', async () => {
    const request = {
      max_tokens: 256,
      top_k: 7,
      system: [{ type: 'text' as const, text: 'Long cached system prompt.', cache_control: { type: 'ephemeral' as const } }],
      messages: [
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'hi', cache_control: { type: 'ephemeral' as const } }] },
      ],
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
    };
    await client().messages.create({ model: 'claude', ...request } as never);
    const toAnthropic = anthropicUp.requests.at(-1)?.body;
    expect(toAnthropic.context_management).toEqual(request.context_management);
    expect(toAnthropic.top_k).toBe(7);
    expect(toAnthropic.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(toAnthropic.messages[0].content[0].cache_control).toEqual({ type: 'ephemeral' });

    await client().messages.create({ model: 'gpt', ...request } as never);
    const toOpenAI = openaiUp.requests.at(-1)?.json;
    expect(JSON.stringify(toOpenAI)).not.toMatch(/cache_control|context_management|anthropic_extra|thinking|top_k/);
    expect(toOpenAI.messages[0]).toMatchObject({ role: 'system' });
  });

  it('errors come back in Anthropic shape; count_tokens answers', async () => {
    const err = await client()
      .messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err.error?.type).toBe('error');
    expect(err.error?.error?.type).toBe('not_found_error');
    const bad = await fetch(`${origin}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe('invalid_request_error');
    const count = await client().messages.countTokens({
      model: 'claude',
      messages: [{ role: 'user', content: 'Hello world, this is a test.' }],
    });
    expect(count.input_tokens).toBeGreaterThan(5);
  });
});
