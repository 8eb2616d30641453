// An OpenAI-backed alias: the Responses request reaches OpenAI's `/v1/responses` as sent (store,
// previous_response_id, include, built-in tools, fields the gateway does not model), the upstream's
// own ids and items come back, plugins still see and change the request, and a client that leaves
// mid-stream closes the upstream connection.
import { definePlugin, Stage } from '@switchyard/core';
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { mockProvider } from '@switchyard/provider-mock';
import { openaiProvider } from '@switchyard/provider-openai';
import { type FakeAnthropicUpstream, type FakeOpenAI, startFakeAnthropicUpstream, startFakeOpenAI } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postJson, type RunningGateway, startGateway } from './harness.js';

let gw: RunningGateway;
let up: FakeOpenAI;
let anthropic: FakeAnthropicUpstream;
let client: OpenAI;

/** Masks "s3cret" in user text, as a redaction plugin does in `transformRequest`. */
const masker = definePlugin({
  name: 'masker',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gateway) {
    gateway.hooks.transformRequest.tap({ name: 'masker', stage: Stage.REDACT }, (req) => {
      if (!('messages' in req)) return req;
      const messages = req.messages.map((m) =>
        m.role === 'user' && typeof m.content === 'string' ? { ...m, content: m.content.replaceAll('s3cret', '[MASKED]') } : m,
      );
      return { ...req, messages };
    });
  },
});

const sent = () => up.requests.filter((r) => r.url === '/v1/responses').at(-1)?.json;

beforeAll(async () => {
  up = await startFakeOpenAI({ apiKey: 'sk-oai-test' });
  anthropic = await startFakeAnthropicUpstream({ apiKey: 'sk-ant-test' });
  gw = await startGateway(
    {
      providers: {
        openai: { type: 'openai', apiKey: 'sk-oai-test', baseUrl: up.baseUrl },
        anthropic: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: anthropic.baseUrl },
      },
      models: {
        gpt: { provider: 'openai', model: 'gpt-4.1' },
        // Anthropic first: only requests an Anthropic target can serve go there.
        mixed: {
          strategy: 'fallback',
          targets: [
            { provider: 'anthropic', model: 'claude-sonnet-4-5' },
            { provider: 'openai', model: 'gpt-4.1' },
          ],
        },
      },
      plugins: { masker: {} },
      router: { retries: 0 },
    },
    { providers: [mockProvider, openaiProvider, anthropicProvider], plugins: [masker] },
  );
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'gateway-key', maxRetries: 0 });
});

afterAll(async () => {
  await gw?.close();
  await up?.close();
  await anthropic?.close();
});

beforeEach(() => {
  up.responses.reply((body) => ({ text: `Echo: ${JSON.stringify(body.input).length}` }));
  anthropic.reply((body: any) => ({ content: [{ type: 'text', text: `Echo: ${body.messages.at(-1).content}` }] }));
});

describe('OpenAI-backed alias: the Responses request passes through', () => {
  it('store, previous_response_id, include, built-in tools and unmodelled fields reach OpenAI; its ids come back', async () => {
    up.responses.reply({ text: 'Berlin news', reasoning: 'Searching first.' });
    const first = await client.responses.create({
      model: 'gpt',
      input: 'news in Berlin',
      tools: [{ type: 'web_search' }],
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'low', summary: 'auto' },
      text: { verbosity: 'low' },
      prompt_cache_key: 'tenant-42',
      safety_identifier: 'user-hash',
      truncation: 'auto',
      metadata: { run: '7' },
    });
    expect(sent()).toMatchObject({
      model: 'gpt-4.1',
      input: [{ type: 'message', role: 'user', content: 'news in Berlin' }],
      tools: [{ type: 'web_search' }],
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'low', summary: 'auto' },
      text: { verbosity: 'low' },
      prompt_cache_key: 'tenant-42',
      safety_identifier: 'user-hash',
      truncation: 'auto',
      metadata: { run: '7' },
    });
    expect(sent()).not.toHaveProperty('store');
    expect(sent()).not.toHaveProperty('messages');
    // OpenAI's own response: its id, its reasoning item with encrypted content, the search call, citations.
    expect(up.responses.stored.has(first.id)).toBe(true);
    expect(first.output.map((o) => o.type)).toEqual(['reasoning', 'web_search_call', 'message']);
    const reasoning = first.output[0];
    expect(reasoning?.type === 'reasoning' && reasoning.encrypted_content).toMatch(/^gAAAAA/);
    const msg = first.output[2];
    expect(msg?.type === 'message' && msg.content[0]?.type === 'output_text' && msg.content[0].annotations[0]).toMatchObject({
      type: 'url_citation',
    });

    // OpenAI keeps the state: the gateway passes previous_response_id and store through and stores nothing.
    const second = await client.responses.create({ model: 'gpt', input: 'and Paris?', previous_response_id: first.id, store: false });
    expect(sent()).toMatchObject({ previous_response_id: first.id, store: false, input: [{ role: 'user', content: 'and Paris?' }] });
    expect(second.previous_response_id).toBe(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('a reasoning + function call turn replayed with store: false keeps item ids and encrypted content', async () => {
    up.responses.reply((body) =>
      body.input.some((i: any) => i.type === 'function_call_output')
        ? { text: 'It is sunny.' }
        : { reasoning: 'Need the weather tool.', functionCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] },
    );
    const tools = [
      {
        type: 'function' as const,
        name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
        strict: false,
      },
    ];
    const first = await client.responses.create({
      model: 'gpt',
      input: 'Weather in Rome?',
      tools,
      store: false,
      include: ['reasoning.encrypted_content'],
    });
    const call = first.output.find((o) => o.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const second = await client.responses.create({
      model: 'gpt',
      tools,
      store: false,
      input: [
        { role: 'user', content: 'Weather in Rome?' },
        ...first.output,
        { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
      ],
    });
    expect(second.output_text).toBe('It is sunny.');
    const input = sent().input;
    expect(input[1]).toEqual(first.output[0]);
    expect(input[2]).toMatchObject({ type: 'function_call', id: call.id, call_id: call.call_id, name: 'get_weather' });
    expect(input[3]).toEqual({ type: 'function_call_output', call_id: call.call_id, output: 'sunny' });
    expect(sent().tools).toEqual([{ type: 'function', name: 'get_weather', parameters: tools[0]?.parameters, strict: false }]);
  });

  it('plugins still see and change the request: a masked prompt reaches OpenAI masked', async () => {
    await client.responses.create({ model: 'gpt', input: 'my password is s3cret' });
    expect(sent().input[0].content).toBe('my password is [MASKED]');
  });

  it('an unknown parameter is OpenAI’s to judge: its 400 comes back', async () => {
    const r = await postJson(`${gw.baseURL}/responses`, { model: 'gpt', input: 'hi', definitely_not_a_param: 1 });
    expect(sent()).toHaveProperty('definitely_not_a_param', 1);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("Unknown parameter: 'definitely_not_a_param'");
  });

  it('a conversation the gateway stored continues on OpenAI when the alias falls back to it', async () => {
    anthropic.reply({ content: [{ type: 'text', text: 'Noted: Ada.' }] });
    const first = await client.responses.create({ model: 'mixed', input: 'My name is Ada.' });
    expect(first.store).toBe(true);
    anthropic.failNext(1, { status: 500, type: 'api_error', message: 'down' });
    up.responses.reply({ text: 'You are Ada.' });
    const second = await client.responses.create({ model: 'mixed', input: 'Who am I?', previous_response_id: first.id });
    expect(second.output_text).toBe('You are Ada.');
    // OpenAI never saw the gateway's id: it got the conversation itself.
    expect(sent()).not.toHaveProperty('previous_response_id');
    expect(sent().input).toEqual([
      { type: 'message', role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Noted: Ada.' },
      { type: 'message', role: 'user', content: 'Who am I?' },
    ]);
  });

  it('built-in tools route a mixed alias to its OpenAI target', async () => {
    const res = await client.responses.create({ model: 'mixed', input: 'search the web', tools: [{ type: 'web_search' }] });
    expect(res.output.some((o) => o.type === 'web_search_call')).toBe(true);
    const plain = await client.responses.create({ model: 'mixed', input: 'no tools' });
    expect(plain.output_text).toBe('Echo: no tools');
  });
});

describe('OpenAI-backed alias: streams', () => {
  it('the typed events carry the upstream ids, built-in tool items and citations; finalResponse() matches', async () => {
    up.responses.reply({ text: 'Fresh news', reasoning: 'Look it up.' });
    const types: string[] = [];
    const stream = client.responses
      .stream({ model: 'gpt', input: 'latest news', tools: [{ type: 'web_search' }] })
      .on('event', (e) => types.push(e.type));
    const final = await stream.finalResponse();
    expect(up.responses.stored.has(final.id)).toBe(true);
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'web_search_call', 'message']);
    const upstream = up.responses.stored.get(final.id)?.response;
    expect(final.output.map((o) => o.id)).toEqual(upstream?.output.map((o: any) => o.id));
    expect(types).toContain('response.output_text.annotation.added');
    expect(types).toContain('response.reasoning_summary_text.delta');
    expect(types.at(-1)).toBe('response.completed');
  });

  it('a mid-stream failure upstream ends the stream with error and response.failed; the SDK raises it', async () => {
    up.responses.reply({ text: 'this will not finish', failAfterEvents: 6 });
    const res = await fetch(`${gw.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', input: 'x', stream: true }),
    });
    const events = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map((b) => JSON.parse(b.split('\n')[1]?.slice(6) ?? '{}'));
    const [error, failed] = events.slice(-2);
    expect(error).toMatchObject({ type: 'error', code: 'upstream_error', param: null, error: { code: 'upstream_error' } });
    expect(error.message).toContain('The model failed to respond');
    expect(failed).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'upstream_error' } } });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));

    up.responses.reply({ text: 'this will not finish either', failAfterEvents: 6 });
    const err = await client.responses
      .stream({ model: 'gpt', input: 'x' })
      .finalResponse()
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.message).toContain('The model failed to respond');
  });

  it('a client that leaves mid-stream closes the upstream connection', async () => {
    up.responses.reply({ text: Array.from({ length: 60 }, (_, i) => `word${i}`).join(' '), eventDelayMs: 80 });
    const ac = new AbortController();
    const res = await fetch(`${gw.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', input: 'long one', stream: true }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(up.openSockets()).toBeGreaterThan(0);
    ac.abort();
    const t0 = Date.now();
    while (up.openSockets() > 0) {
      if (Date.now() - t0 > 1500) throw new Error('the upstream connection stayed open');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});
