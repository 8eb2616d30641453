// The official `openai` SDK pointed at the running gateway, with only baseURL changed.
import { startMockUpstream } from '@switchyard/provider-mock';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from './harness.js';

let gw: RunningGateway;
let upstream: Awaited<ReturnType<typeof startMockUpstream>>;
const seen: { url: string; headers: Record<string, unknown>; body: string }[] = [];
let client: OpenAI;

beforeAll(async () => {
  upstream = await startMockUpstream(
    {
      apiKey: 'sk-upstream-secret-123456',
      models: {
        'weather-bot': { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
      },
    },
    { onRequest: (r) => seen.push({ url: r.url, headers: r.headers, body: r.body }) },
  );
  gw = await startGateway({
    providers: {
      openai: { type: 'openai', apiKey: 'sk-upstream-secret-123456', baseUrl: upstream.url },
      mock: { type: 'mock' },
    },
    models: {
      fast: { provider: 'openai', model: 'gpt-test' },
      slowstream: { provider: 'openai', model: 'gpt-test+chunks-5+delay-150' },
      tools: { provider: 'openai', model: 'weather-bot' },
      embed: { provider: 'openai', model: 'text-embedding-test' },
      local: { provider: 'mock', model: 'echo' },
    },
  });
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'gateway-key', maxRetries: 0 });
});

afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('openai SDK against the gateway', () => {
  it('non-stream chat: echoes, reports usage and the gateway headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'ping from sdk' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toContain('ping from sdk');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-test');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    const last = seen.at(-1);
    expect(last?.headers.authorization).toBe('Bearer sk-upstream-secret-123456');
    expect(JSON.parse(last?.body ?? '{}').model).toBe('gpt-test');
  });

  it('echoes a safe caller x-request-id', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'local', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-request-id': 'trace-abc-1' } })
      .withResponse();
    expect(response.headers.get('x-request-id')).toBe('trace-abc-1');
  });

  it('stream: chunks arrive before the upstream has finished, usage last with choices: []', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create({
      model: 'slowstream',
      messages: [{ role: 'user', content: 'one two three four five six' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const arrivals: number[] = [];
    let text = '';
    let finish: string | null = null;
    let usageChunk: OpenAI.Chat.Completions.ChatCompletionChunk | undefined;
    for await (const chunk of stream) {
      arrivals.push(performance.now() - started);
      if (chunk.usage) usageChunk = chunk;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    const total = performance.now() - started;
    // 5 chunks 150 ms apart: the first must reach us ~600 ms before the upstream is done.
    expect(arrivals[0]).toBeLessThan(total - 400);
    expect(text).toContain('one two three');
    expect(finish).toBe('stop');
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('stream without include_usage sends no usage chunk', async () => {
    const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'a b' }], stream: true });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
  });

  it('tools: non-stream tool_calls and streamed tool-call deltas', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ];
    const res = await client.chat.completions.create({ model: 'tools', messages: [{ role: 'user', content: 'weather?' }], tools });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    const sent = JSON.parse(seen.at(-1)?.body ?? '{}');
    expect(sent.tools[0].function.name).toBe('get_weather');

    const stream = await client.chat.completions.create({
      model: 'tools',
      messages: [{ role: 'user', content: 'weather?' }],
      tools,
      stream: true,
    });
    let name = '';
    let args = '';
    let id = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta.tool_calls?.[0];
      if (d?.id) id = d.id;
      if (d?.function?.name) name += d.function.name;
      if (d?.function?.arguments) args += d.function.arguments;
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(id).toMatch(/.+/);
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');
  });

  it('embeddings: base64 (the SDK default) and float', async () => {
    const b64 = await client.embeddings.create({ model: 'embed', input: ['hello world', 'goodbye'] });
    expect(b64.data).toHaveLength(2);
    expect(Array.isArray(b64.data[0]?.embedding)).toBe(true);
    expect(b64.data[0]?.embedding.length).toBeGreaterThan(8);
    const sent = JSON.parse(seen.at(-1)?.body ?? '{}');
    expect(sent.encoding_format ?? 'float').toBe('float');
    const floats = await client.embeddings.create({ model: 'embed', input: 'hello world', encoding_format: 'float' });
    const a = b64.data[0]?.embedding ?? [];
    const b = floats.data[0]?.embedding ?? [];
    expect(b.length).toBe(a.length);
    for (const [i, v] of b.entries()) expect(v).toBeCloseTo(a[i] as number, 5);
  });

  it('models list shows the aliases', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id).sort()).toEqual(['embed', 'fast', 'local', 'slowstream', 'tools']);
  });

  it('errors: 404 model_not_found and 400 invalid_request as SDK errors', async () => {
    const notFound = await client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect(notFound.code).toBe('model_not_found');
    expect(notFound.type).toBe('not_found_error');
    const bad = await client.chat.completions.create({ model: 'fast', messages: [] }).catch((e) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad.code).toBe('invalid_request');
    expect(bad.message).toMatch(/messages/);
    const badStream = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } } as never)
      .catch((e) => e);
    expect(badStream).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('never leaks the provider key in errors', async () => {
    const err = await client.chat.completions
      .create({ model: 'openai/gpt-test+fail-401', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err.status).toBe(502);
    expect(JSON.stringify(err.error ?? {})).not.toContain('sk-upstream-secret-123456');
    expect(err.message).not.toContain('sk-upstream-secret-123456');
  });
});
