/**
 * End to end: a gateway with the `openai` provider talking over real HTTP (core's undici agent) to the
 * mock engine served by node:http on 127.0.0.1, checking what the upstream received and what the
 * caller got back.
 */
import { type ChatChunk, createGateway, decodeEmbeddingBase64, type Gateway, SwitchyardError } from '@switchyard/core';
import { type MockRequestRecord, type MockUpstream, startMockUpstream } from '@switchyard/provider-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openaiProvider } from '../src/index.js';

const KEY = 'sk-test-e2e-0123456789';
let upstream: MockUpstream;
let received: MockRequestRecord[] = [];
let gw: Gateway;

beforeAll(async () => {
  upstream = await startMockUpstream(
    { apiKey: KEY, models: { 'gpt-4o-mini': { reply: 'Hello from upstream, friend.' } } },
    { onRequest: (r) => received.push(r) },
  );
  const origin = upstream.url.replace(/\/v1$/, '');
  gw = createGateway({
    config: {
      providers: {
        openai: { type: 'openai', apiKey: KEY, baseUrl: upstream.url, organization: 'org-e2e', headers: { 'x-team': 'infra' } },
        badkey: { type: 'openai', apiKey: 'sk-wrong-key-000000', baseUrl: upstream.url },
        azure: { type: 'openai', apiKey: KEY, azure: { endpoint: origin, apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod-4o' } } },
      },
      models: {
        smart: { provider: 'openai', model: 'gpt-4o-mini' },
        echo: { provider: 'openai', model: 'echo' },
        limited: { provider: 'openai', model: 'fail-429+retry-after-3000' },
        denied: { provider: 'badkey', model: 'echo' },
        emb: { provider: 'openai', model: 'text-embedding-3-small' },
        az: { provider: 'azure', model: 'gpt-4o' },
        moved: {
          strategy: 'fallback',
          targets: [
            { provider: 'openai', model: 'retired+fail-404' },
            { provider: 'openai', model: 'echo' },
          ],
        },
      },
      router: { retries: 0 },
    },
    providers: [openaiProvider],
  });
  await gw.ready();
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
});

beforeEach(() => {
  received = [];
});

describe('openai provider through a gateway over HTTP', () => {
  it('chat: the upstream gets bearer auth, org, custom headers and the upstream model; the caller gets the reply', async () => {
    const res = await gw.chat({ model: 'smart', messages: [{ role: 'user', content: 'Hi there' }], temperature: 0.2 });
    expect(res.choices[0]!.message.content).toBe('Hello from upstream, friend.');
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.usage).toEqual({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/v1/chat/completions');
    expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r.headers['openai-organization']).toBe('org-e2e');
    expect(r.headers['x-team']).toBe('infra');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi there' }],
      temperature: 0.2,
      stream: false,
    });
  });

  it('stream: the upstream is asked for include_usage although the client was not; text, finish and identity arrive', async () => {
    const chunks: ChatChunk[] = [];
    for await (const c of gw.chatStream({ model: 'echo', messages: [{ role: 'user', content: 'one two three four' }] })) chunks.push(c);
    const body = JSON.parse(received[0]!.body);
    expect(body).toMatchObject({ model: 'echo', stream: true, stream_options: { include_usage: true } });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three four');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    // The client did not ask for usage, so it gets no usage chunk.
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks[0]!.id).toMatch(/^chatcmpl-mock/);
  });

  it('stream with include_usage: the caller gets the final usage chunk with empty choices', async () => {
    const chunks: ChatChunk[] = [];
    const req = { model: 'echo', messages: [{ role: 'user' as const, content: 'a b' }], stream_options: { include_usage: true } };
    for await (const c of gw.chatStream(req)) chunks.push(c);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 } });
  });

  it('tools: the upstream tool call is decoded from the stream with id, name and arguments', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
      },
    ];
    const chunks: ChatChunk[] = [];
    for await (const c of gw.chatStream({
      model: 'echo',
      messages: [{ role: 'user', content: 'find cats' }],
      tools,
      tool_choice: 'required',
    }))
      chunks.push(c);
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toMatchObject({ index: 0, type: 'function', id: expect.stringMatching(/^call_/), function: { name: 'lookup' } });
    expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual({ q: 'find cats' });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(JSON.parse(received[0]!.body).tools).toEqual(tools);
  });

  it('embeddings: the upstream is asked for floats; a client asking base64 gets base64 of the same vector', async () => {
    const float = await gw.embed({ model: 'emb', input: 'the quick brown fox', dimensions: 16 });
    const b64 = await gw.embed({ model: 'emb', input: 'the quick brown fox', dimensions: 16, encoding_format: 'base64' });
    expect(received.map((r) => [r.url, JSON.parse(r.body).encoding_format])).toEqual([
      ['/v1/embeddings', 'float'],
      ['/v1/embeddings', 'float'],
    ]);
    const v = float.data[0]!.embedding as number[];
    expect(v).toHaveLength(16);
    const decoded = decodeEmbeddingBase64(b64.data[0]!.embedding as string);
    for (const [i, x] of decoded.entries()) expect(x).toBeCloseTo(v[i]!, 6);
    expect(float.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });

  it('401 from the upstream: a coded upstream auth error with the key scrubbed', async () => {
    const err = await gw.chat({ model: 'denied', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', apiCode: 'upstream_auth_failed', upstreamStatus: 401, provider: 'badkey' });
    expect(err.message).not.toContain('sk-wrong-key-000000');
  });

  it('429 from the upstream: a rate-limit error carrying retry-after', async () => {
    const err = await gw.chat({ model: 'limited', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_RATE_LIMITED', status: 429, upstreamStatus: 429, retryAfter: 3, retryable: true });
  });

  it('404 model_not_found on one target falls back to the next without retrying', async () => {
    const res = await gw.chat({ model: 'moved', messages: [{ role: 'user', content: 'still answered' }] });
    expect(res.choices[0]!.message.content).toBe('still answered');
    expect(received.map((r) => JSON.parse(r.body).model)).toEqual(['retired+fail-404', 'echo']);
  });

  it('azure: deployment URL with api-version and the api-key header instead of authorization', async () => {
    const res = await gw.chat({ model: 'az', messages: [{ role: 'user', content: 'via azure' }] });
    expect(res.choices[0]!.message.content).toBe('via azure');
    const r = received[0]!;
    expect(r.url).toBe('/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21');
    expect(r.headers['api-key']).toBe(KEY);
    expect(r.headers.authorization).toBeUndefined();
    expect(JSON.parse(r.body).model).toBe('prod-4o');
  });
});
