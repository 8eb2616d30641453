import type { ChatRequest, UpstreamCall } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type OpenAIOptions, OpenAIOptionsSchema, openaiProvider } from '../src/index.js';
import { fixtureJson } from './fixtures.js';

function call(
  options: Partial<OpenAIOptions> & Record<string, unknown> = {},
  model = 'gpt-4o',
  stream = false,
): UpstreamCall<OpenAIOptions> {
  return { provider: 'openai', model, options: OpenAIOptionsSchema.parse({ apiKey: 'sk-test-key-1234', ...options }), stream };
}

const hello: ChatRequest = { model: 'smart', messages: [{ role: 'user', content: 'Hello' }] };

describe('openai toUpstream', () => {
  it('posts to {baseUrl}/chat/completions with bearer auth and the upstream model', () => {
    const req = openaiProvider.toUpstream(hello, call());
    expect(req.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(req.method).toBe('POST');
    expect(req.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sk-test-key-1234' });
    expect(JSON.parse(req.body as string)).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
  });

  it('sends organization, project and extra headers, and joins a baseUrl with a trailing slash', () => {
    const c = call({
      baseUrl: 'https://proxy.example.com/openai/v1/',
      organization: 'org-1',
      project: 'proj_2',
      headers: { 'x-trace': 't1' },
    });
    const req = openaiProvider.toUpstream(hello, c);
    expect(req.url).toBe('https://proxy.example.com/openai/v1/chat/completions');
    expect(req.headers).toMatchObject({ 'openai-organization': 'org-1', 'openai-project': 'proj_2', 'x-trace': 't1' });
  });

  it('gives every request its own headers object, so a hook editing one cannot leak into the next', () => {
    const c = call();
    const a = openaiProvider.toUpstream(hello, c);
    a.headers['x-added'] = '1';
    expect(openaiProvider.toUpstream(hello, c).headers['x-added']).toBeUndefined();
  });

  it('always asks a stream for the include_usage chunk, keeping the client’s other stream options', () => {
    const req = openaiProvider.toUpstream(
      { ...hello, stream: true, stream_options: { include_usage: false, extra: 1 } as never },
      call({}, 'gpt-4o', true),
    );
    const body = JSON.parse(req.body as string);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true, extra: 1 });
  });

  it('drops stream_options when streamUsage is off or the request does not stream', () => {
    const off = JSON.parse(
      openaiProvider.toUpstream({ ...hello, stream: true }, call({ streamUsage: false }, 'gpt-4o', true)).body as string,
    );
    expect(off.stream).toBe(true);
    expect(off).not.toHaveProperty('stream_options');
    const nonStream = JSON.parse(
      openaiProvider.toUpstream({ ...hello, stream: false, stream_options: { include_usage: true } }, call()).body as string,
    );
    expect(nonStream).not.toHaveProperty('stream_options');
    expect(nonStream.stream).toBe(false);
  });

  it('passes image content parts through unchanged (URLs, data URLs, detail)', () => {
    const req = fixtureJson<ChatRequest>('images.request.json');
    const body = JSON.parse(openaiProvider.toUpstream(req, call({}, 'gpt-4o')).body as string);
    expect(body.messages).toEqual(req.messages);
    expect(body.max_tokens).toBe(300);
    expect(openaiProvider.capabilities.vision).toBe(true);
  });

  it('passes structured output (json_schema), seed, temperature and user through unchanged', () => {
    const req = fixtureJson<ChatRequest>('json-schema.request.json');
    const body = JSON.parse(openaiProvider.toUpstream(req, call({}, 'gpt-4o-2024-08-06')).body as string);
    expect(body).toEqual({ ...req, model: 'gpt-4o-2024-08-06' });
  });

  it('passes JSON mode (json_object) through unchanged', () => {
    const req: ChatRequest = { ...hello, response_format: { type: 'json_object' } };
    expect(JSON.parse(openaiProvider.toUpstream(req, call()).body as string).response_format).toEqual({ type: 'json_object' });
    expect(openaiProvider.capabilities.json).toBe(true);
  });

  it('passes tools, tool_choice, assistant tool calls and tool results through unchanged', () => {
    const req = fixtureJson<ChatRequest>('tools.request.json');
    const body = JSON.parse(openaiProvider.toUpstream(req, call()).body as string);
    expect(body).toEqual({ ...req, model: 'gpt-4o' });
  });

  it('renames max_tokens to max_completion_tokens for reasoning models only', () => {
    const r = { ...hello, max_tokens: 100 };
    const o3 = JSON.parse(openaiProvider.toUpstream(r, call({}, 'o3-mini')).body as string);
    expect(o3).toMatchObject({ max_completion_tokens: 100 });
    expect(o3).not.toHaveProperty('max_tokens');
    const gpt5 = JSON.parse(openaiProvider.toUpstream({ ...r, max_completion_tokens: 50 }, call({}, 'gpt-5-mini')).body as string);
    expect(gpt5).toMatchObject({ max_completion_tokens: 50 });
    expect(gpt5).not.toHaveProperty('max_tokens');
    expect(JSON.parse(openaiProvider.toUpstream(r, call({}, 'gpt-4o')).body as string)).toMatchObject({ max_tokens: 100 });
  });

  it('rejects unknown option keys so config typos fail at boot', () => {
    expect(OpenAIOptionsSchema.safeParse({ apikey: 'x' }).success).toBe(false);
  });
});
