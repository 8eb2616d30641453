import { SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { googleProvider } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

const emb = googleProvider.embeddings!;
const call = makeCall({ model: 'gemini-embedding-001', options: { embeddingTaskType: 'RETRIEVAL_DOCUMENT' } });

describe('embeddings', () => {
  it('sends one input to :embedContent', () => {
    const req = emb.toUpstream({ model: 'e', input: 'hello', dimensions: 8 }, call);
    expect(req.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent');
    expect(req.headers['x-goog-api-key']).toBe('test-key');
    expect(JSON.parse(req.body!)).toEqual({
      content: { parts: [{ text: 'hello' }] },
      taskType: 'RETRIEVAL_DOCUMENT',
      outputDimensionality: 8,
    });
  });

  it('sends several inputs to :batchEmbedContents, each request naming models/{model}', () => {
    const req = emb.toUpstream({ model: 'e', input: ['a', 'b'] }, makeCall({ model: 'gemini-embedding-001' }));
    expect(req.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(JSON.parse(req.body!)).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] } },
      ],
    });
  });

  it('returns embedContent values as one float vector, usage estimated and marked', () => {
    const res = emb.fromUpstream(fixtureJson('embed-content.json'), call, { model: 'e', input: 'hello world!' });
    expect(res).toEqual({
      object: 'list',
      model: 'gemini-embedding-001',
      data: [{ object: 'embedding', index: 0, embedding: fixtureJson('embed-content.json').embedding.values }],
      usage: { prompt_tokens: 3, total_tokens: 3, estimated: true },
    });
  });

  it('returns batchEmbedContents values in input order', () => {
    const body = fixtureJson('batch-embed-contents.json');
    const res = emb.fromUpstream(body, call, { model: 'e', input: ['first', 'second'] });
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.data[1]!.embedding).toEqual(body.embeddings[1].values);
    expect(res.usage).toEqual({ prompt_tokens: 4, total_tokens: 4, estimated: true });
  });

  it('uses reported token counts when Gemini sends them', () => {
    const res = emb.fromUpstream({ ...fixtureJson<object>('embed-content.json'), usageMetadata: { promptTokenCount: 5 } }, call, {
      model: 'e',
      input: 'x',
    });
    expect(res.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it('refuses token-id input, which Gemini cannot embed', () => {
    expect(() => emb.toUpstream({ model: 'e', input: [1, 2, 3] }, call)).toThrowError(SwitchyardError);
  });

  it('refuses a response whose vector count does not match the inputs', () => {
    expect(() => emb.fromUpstream(fixtureJson('embed-content.json'), call, { model: 'e', input: ['a', 'b'] })).toThrowError(
      /1 embeddings for 2/,
    );
  });
});
