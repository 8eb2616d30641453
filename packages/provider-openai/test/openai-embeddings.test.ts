import { encodeEmbeddingBase64, type UpstreamCall } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type OpenAIOptions, OpenAIOptionsSchema, openaiProvider } from '../src/index.js';
import { fixtureJson } from './fixtures.js';

const call: UpstreamCall<OpenAIOptions> = {
  provider: 'openai',
  model: 'text-embedding-3-small',
  options: OpenAIOptionsSchema.parse({ apiKey: 'sk-test-key-1234' }),
  stream: false,
};

describe('openai embeddings', () => {
  it('posts to /embeddings with the upstream model, float encoding, and other fields kept', () => {
    const r = openaiProvider.embeddings!.toUpstream(
      { model: 'emb', input: ['a', 'b'], dimensions: 256, encoding_format: 'base64', user: 'u1' },
      call,
    );
    expect(r.url).toBe('https://api.openai.com/v1/embeddings');
    expect(r.headers.authorization).toBe('Bearer sk-test-key-1234');
    expect(JSON.parse(r.body as string)).toEqual({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 256,
      encoding_format: 'float',
      user: 'u1',
    });
  });

  it('reads float vectors and usage', () => {
    const res = openaiProvider.embeddings!.fromUpstream(fixtureJson('openai-embeddings.json'), call, { model: 'emb', input: ['a', 'b'] });
    expect(res).toEqual({
      object: 'list',
      model: 'text-embedding-3-small',
      data: [
        { object: 'embedding', index: 0, embedding: [-0.006929283, -0.005336422, 0.024047505, -0.01407986] },
        { object: 'embedding', index: 1, embedding: [0.0123, 0.456, -0.789, 0.0001] },
      ],
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
  });

  it('orders vectors by index and decodes base64 from servers that ignore encoding_format', () => {
    const v = [0.5, -0.25, 1];
    const res = openaiProvider.embeddings!.fromUpstream(
      {
        data: [
          { index: 1, embedding: encodeEmbeddingBase64(v) },
          { index: 0, embedding: [1, 2, 3] },
        ],
        model: 'm',
      },
      call,
      { model: 'emb', input: ['a', 'b'] },
    );
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.data[1]!.embedding).toEqual(v);
    expect(res.usage).toEqual({ prompt_tokens: 0, total_tokens: 0 });
  });

  it('rejects a body without data', () => {
    expect(() => openaiProvider.embeddings!.fromUpstream({ object: 'list' }, call, { model: 'e', input: 'a' })).toThrow(
      expect.objectContaining({ code: 'SY_ERR_UPSTREAM_PROTOCOL' }),
    );
  });
});
