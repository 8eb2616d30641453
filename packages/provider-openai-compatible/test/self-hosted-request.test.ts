import { type ChatRequest, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { openaiCompatibleProvider, SelfHostedOptionsSchema } from '../src/index.js';
import { makeCall, upstreamBody } from './helpers.js';

const hi: ChatRequest = { model: 'alias', messages: [{ role: 'user', content: 'hi' }] };

function thrown(fn: () => unknown): SwitchyardError {
  try {
    fn();
  } catch (e) {
    return e as SwitchyardError;
  }
  throw new Error('expected a throw');
}

describe('openai-compatible options', () => {
  it('requires baseUrl, defaults server to generic, refuses unknown keys', () => {
    expect(SelfHostedOptionsSchema.safeParse({}).success).toBe(false);
    expect(SelfHostedOptionsSchema.parse({ baseUrl: 'http://h:8000/v1' }).server).toBe('generic');
    expect(SelfHostedOptionsSchema.safeParse({ baseUrl: 'http://h:8000/v1', server: 'triton' }).success).toBe(false);
    expect(SelfHostedOptionsSchema.safeParse({ baseUrl: 'http://h:8000/v1', apikey: 'x' }).success).toBe(false);
  });
});

describe('openai-compatible request mapping', () => {
  it('sends no authorization header without an apiKey, and a bearer one with it', () => {
    const open = openaiCompatibleProvider.toUpstream(hi, makeCall());
    expect(open.url).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(open.headers).toEqual({ 'content-type': 'application/json' });
    const keyed = openaiCompatibleProvider.toUpstream(hi, makeCall({ options: { apiKey: 'vllm-token', headers: { 'x-a': '1' } } }));
    expect(keyed.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer vllm-token', 'x-a': '1' });
  });

  it('generic passes unknown fields through and renames max_completion_tokens to max_tokens', () => {
    const body = upstreamBody({ ...hi, max_completion_tokens: 50, top_k: 20, store: true } as ChatRequest);
    expect(body).toEqual({ model: 'llama3.2', messages: hi.messages, max_tokens: 50, top_k: 20, store: true });
  });

  it('ollama: max_completion_tokens (which Ollama ignores) wins over max_tokens and is sent as max_tokens; platform-only fields drop', () => {
    const body = upstreamBody(
      { ...hi, max_tokens: 10, max_completion_tokens: 20, store: true, service_tier: 'auto', metadata: { a: 'b' } } as ChatRequest,
      makeCall({ options: { server: 'ollama' } }),
    );
    expect(body).toEqual({ model: 'llama3.2', messages: hi.messages, max_tokens: 20 });
  });

  it('maxTokensField: max_completion_tokens renames the other way', () => {
    const body = upstreamBody(
      { ...hi, max_tokens: 10 },
      makeCall({ options: { server: 'vllm', maxTokensField: 'max_completion_tokens' } }),
    );
    expect(body).toMatchObject({ max_completion_tokens: 10 });
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('streams ask for include_usage by default, and not at all with streamUsage: false', () => {
    const stream = makeCall({ stream: true, options: { server: 'vllm' } });
    expect(upstreamBody({ ...hi, stream: true }, stream)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const off = makeCall({ stream: true, options: { server: 'ollama', streamUsage: false } });
    const body = upstreamBody({ ...hi, stream: true, stream_options: { include_usage: true } }, off);
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('dropFields adds to the preset list', () => {
    const body = upstreamBody(
      { ...hi, seed: 1, user: 'u', store: true },
      makeCall({ options: { server: 'llamacpp', dropFields: ['seed'] } }),
    );
    expect(body).toEqual({ model: 'llama3.2', messages: hi.messages, user: 'u' });
  });

  it('tgi: tools without a description get an empty one', () => {
    const body = upstreamBody(
      { ...hi, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] },
      makeCall({ options: { server: 'tgi' } }),
    );
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, description: '' } }]);
  });

  it('a deployment without a capability refuses with a fallback error instead of sending', () => {
    const call = makeCall({ options: { capabilities: { tools: false, vision: false } } });
    const withTools = { ...hi, tools: [{ type: 'function' as const, function: { name: 'f' } }] };
    const err = thrown(() => openaiCompatibleProvider.toUpstream(withTools, call));
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SY_ERR_UNSUPPORTED', fallback: true, provider: 'local' });
    expect(err.message).toContain('configured without tools');
    const image: ChatRequest = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
    };
    expect(thrown(() => openaiCompatibleProvider.toUpstream(image, call)).message).toContain('vision');
    expect(() => openaiCompatibleProvider.toUpstream(hi, call)).not.toThrow();
  });

  it('embeddings: posted to {baseUrl}/embeddings; a tgi deployment (no embeddings) refuses with fallback', () => {
    const req = openaiCompatibleProvider.embeddings!.toUpstream({ model: 'e', input: 'x' }, makeCall({ model: 'nomic-embed-text' }));
    expect(req.url).toBe('http://127.0.0.1:11434/v1/embeddings');
    expect(JSON.parse(req.body!)).toEqual({ model: 'nomic-embed-text', input: 'x', encoding_format: 'float' });
    const err = thrown(() =>
      openaiCompatibleProvider.embeddings!.toUpstream({ model: 'e', input: 'x' }, makeCall({ options: { server: 'tgi' } })),
    );
    expect(err).toMatchObject({ code: 'SY_ERR_UNSUPPORTED', fallback: true });
  });
});
