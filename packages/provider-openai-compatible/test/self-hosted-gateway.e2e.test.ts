/**
 * End to end: a gateway with the `openai-compatible` provider talking over HTTP to fakes that behave
 * like Ollama, vLLM and TGI where those differ from OpenAI, so passing requests prove the presets.
 */
import { type ChatMessage, type ChatRequest, createGateway, type Gateway, SwitchyardError } from '@switchyard/core';
import {
  collect,
  type FakeSelfHosted as FakeServer,
  fakeSelfHostedEmbedding as fakeEmbedding,
  startFakeSelfHosted as startFakeServer,
} from '@switchyard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openaiCompatibleProvider } from '../src/index.js';

const VLLM_KEY = 'vllm-token-0123456';
let ollama: FakeServer;
let vllm: FakeServer;
let tgi: FakeServer;
let gw: Gateway;

const weatherTool: NonNullable<ChatRequest['tools']>[number] = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

beforeAll(async () => {
  ollama = await startFakeServer({ flavor: 'ollama', models: ['llama3.2', 'llava', 'nomic-embed-text'] });
  vllm = await startFakeServer({ flavor: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'], apiKey: VLLM_KEY });
  tgi = await startFakeServer({ flavor: 'tgi', models: ['tgi'] });
  gw = createGateway({
    config: {
      providers: {
        ollama: { type: 'openai-compatible', baseUrl: ollama.baseUrl, server: 'ollama' },
        quiet: { type: 'openai-compatible', baseUrl: ollama.baseUrl, server: 'ollama', streamUsage: false },
        textonly: { type: 'openai-compatible', baseUrl: ollama.baseUrl, server: 'ollama', capabilities: { vision: false } },
        vllm: { type: 'openai-compatible', baseUrl: vllm.baseUrl, server: 'vllm', apiKey: VLLM_KEY },
        tgi: { type: 'openai-compatible', baseUrl: tgi.baseUrl, server: 'tgi' },
      },
      models: {
        llama: { provider: 'ollama', model: 'llama3.2' },
        quiet: { provider: 'quiet', model: 'llama3.2' },
        qwen: { provider: 'vllm', model: 'Qwen/Qwen2.5-7B-Instruct' },
        hf: { provider: 'tgi', model: 'tgi' },
        hfembed: { provider: 'tgi', model: 'tgi' },
        embed: { provider: 'ollama', model: 'nomic-embed-text' },
        see: {
          strategy: 'fallback',
          targets: [
            { provider: 'textonly', model: 'llama3.2' },
            { provider: 'ollama', model: 'llava' },
          ],
        },
        pulled: {
          strategy: 'fallback',
          targets: [
            { provider: 'ollama', model: 'llama9' },
            { provider: 'ollama', model: 'llama3.2' },
          ],
        },
      },
      router: { retries: 1, backoff: { baseMs: 1, maxMs: 5, jitter: false } },
    },
    providers: [openaiCompatibleProvider],
  });
  await gw.ready();
});

beforeEach(() => {
  for (const f of [ollama, vllm, tgi]) f.requests.length = 0;
});

afterAll(async () => {
  await gw.close();
  await Promise.all([ollama.close(), vllm.close(), tgi.close()]);
});

describe('gateway -> openai-compatible provider -> Ollama-like server', () => {
  it('sends no authorization header, and the output limit as max_tokens (Ollama ignores max_completion_tokens)', async () => {
    const res = await gw.chat({
      model: 'llama',
      messages: [{ role: 'user', content: 'one two three four five six' }],
      max_completion_tokens: 3,
    });
    const req = ollama.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers).not.toHaveProperty('authorization');
    expect(req.body).toMatchObject({ model: 'llama3.2', max_tokens: 3 });
    expect(req.body).not.toHaveProperty('max_completion_tokens');
    expect(res.choices[0]).toMatchObject({ message: { content: 'You said: one' }, finish_reason: 'length' });
  });

  it('streams with include_usage asked for, so the real usage reaches the client', async () => {
    const chunks = await collect(
      gw.chatStream({ model: 'llama', messages: [{ role: 'user', content: 'hello world' }], stream_options: { include_usage: true } }),
    );
    expect(ollama.requests[0]?.body.stream_options).toEqual({ include_usage: true });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('You said: hello world');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ completion_tokens: 4 });
    expect(last.usage?.estimated).toBeUndefined();
  });

  it('streamUsage: false sends no stream_options; the provider invents no usage, core estimates and marks it', async () => {
    const chunks = await collect(
      gw.chatStream({ model: 'quiet', messages: [{ role: 'user', content: 'hello' }], stream_options: { include_usage: true } }),
    );
    expect(ollama.requests[0]?.body).not.toHaveProperty('stream_options');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('You said: hello');
    expect(chunks.at(-1)?.usage).toMatchObject({ estimated: true });
  });

  it('streams parallel tool calls sent on a reused index 0 as two calls with their own ids', async () => {
    const chunks = await collect(
      gw.chatStream({ model: 'llama', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }),
    );
    const firsts = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).filter((t) => t.id);
    expect(firsts.map((t) => [t.index, t.function?.arguments])).toEqual([
      [0, '{"city":"Paris"}'],
      [1, '{"city":"Rome"}'],
    ]);
    expect(firsts[0]!.id).not.toBe(firsts[1]!.id);
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('a deployment configured without vision passes an image request to the next target', async () => {
    const res = await gw.chat({
      model: 'see',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    });
    expect(res.choices[0]?.message.content).toBe('You said: what is this[image]');
    expect(ollama.requests.map((r) => r.body.model)).toEqual(['llava']);
  });

  it('a model that is not pulled (404) falls back to the next target without retrying', async () => {
    const res = await gw.chat({ model: 'pulled', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0]?.message.content).toBe('You said: hi');
    expect(res.model).toBe('llama3.2');
  });

  it('retries a plain-text 500 and then succeeds', async () => {
    ollama.queue({ raw: 'Internal Server Error', status: 500 });
    const res = await gw.chat({ model: 'llama', messages: [{ role: 'user', content: 'again' }] });
    expect(res.choices[0]?.message.content).toBe('You said: again');
  });

  it('embeds', async () => {
    const res = await gw.embed({ model: 'embed', input: ['a', 'bb'] });
    expect(res.data.map((d) => d.embedding)).toEqual([fakeEmbedding('a'), fakeEmbedding('bb')]);
    expect(ollama.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'nomic-embed-text', encoding_format: 'float' } });
  });
});

describe('gateway -> openai-compatible provider -> vLLM-like server', () => {
  it('authenticates with the bearer key and drops platform-only fields vLLM would reject', async () => {
    const res = await gw.chat({
      model: 'qwen',
      messages: [{ role: 'user', content: 'hi' }],
      store: true,
      service_tier: 'auto',
      metadata: { team: 'a' },
      seed: 3,
    } as ChatRequest);
    expect(res.choices[0]?.message.content).toBe('You said: hi');
    expect(vllm.requests[0]?.headers.authorization).toBe(`Bearer ${VLLM_KEY}`);
    expect(vllm.requests[0]?.body).toEqual({
      model: 'Qwen/Qwen2.5-7B-Instruct',
      messages: [{ role: 'user', content: 'hi' }],
      seed: 3,
      stream: false,
    });
  });

  it('a strict-field 400 reaches the caller with its message', async () => {
    vllm.queue({ status: 400, json: { object: 'error', message: 'bad top_k', type: 'BadRequestError', param: null, code: 400 } });
    const err = await gw.chat({ model: 'qwen', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, apiCode: 'BadRequestError', upstreamStatus: 400 });
    expect(err.message).toContain('bad top_k');
  });

  it('streams a tool call in argument pieces', async () => {
    const chunks = await collect(gw.chatStream({ model: 'qwen', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^chatcmpl-tool-/), function: { name: 'get_weather' } });
    expect(deltas.map((d) => d.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}');
  });
});

describe('gateway -> openai-compatible provider -> TGI-like server', () => {
  it('round-trips a tool call: the "0" id is replaced by a stable one that the tool result then uses', async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'weather?' }];
    const first = await gw.chat({ model: 'hf', messages, tools: [weatherTool] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call.id).toMatch(/^call_/);
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    const second = await gw.chat({
      model: 'hf',
      tools: [weatherTool],
      messages: [...messages, choice.message as ChatMessage, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
    });
    expect(second.choices[0]?.message.content).toBe('Tool said: sunny');
    expect(tgi.requests[1]?.body.messages[1].tool_calls[0].id).toBe(call.id);
  });

  it('streams a tool call whose deltas carry empty ids as one call with one id', async () => {
    const chunks = await collect(gw.chatStream({ model: 'hf', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas.filter((d) => d.id).map((d) => d.id)).toEqual([expect.stringMatching(/^call_/)]);
    expect(deltas.map((d) => d.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}');
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('refuses embeddings on a TGI deployment with a coded error', async () => {
    const err = await gw.embed({ model: 'hfembed', input: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UNSUPPORTED', status: 400 });
    expect(tgi.requests).toHaveLength(0);
  });
});
