import { decodeEmbeddingBase64 } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { embedText } from '../src/index.js';
import { engine, json, post } from './helpers.js';

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe('mock embeddings (character trigram hashing)', () => {
  it('are deterministic, L2-normalised and sized by dimensions', () => {
    const a = embedText('The quick brown fox', 64);
    expect(embedText('The quick brown fox', 64)).toEqual(a);
    expect(a).toHaveLength(64);
    expect(Math.sqrt(cos(a, a))).toBeCloseTo(1, 5);
  });

  it('place similar texts closer than unrelated ones, ignoring case and spacing', () => {
    const q = embedText('How do I reset my password?', 256);
    const near = embedText('how do i reset my  password', 256);
    const far = embedText('Quarterly revenue grew by twelve percent', 256);
    expect(cos(q, near)).toBeGreaterThan(0.9);
    expect(cos(q, far)).toBeLessThan(0.5);
  });

  it('serve OpenAI embeddings responses: default size from options, request dimensions, word usage', () => {
    const e = engine({ embeddingDimensions: 32 });
    const res = json(post(e, { model: 'text-embedding-3-small', input: ['hello world', 'bye'] }, '/v1/embeddings'));
    expect(res).toMatchObject({ object: 'list', model: 'text-embedding-3-small', usage: { prompt_tokens: 3, total_tokens: 3 } });
    expect(res.data.map((d: any) => [d.object, d.index, d.embedding.length])).toEqual([
      ['embedding', 0, 32],
      ['embedding', 1, 32],
    ]);
    expect(json(post(e, { model: 'm', input: 'x', dimensions: 8 }, '/v1/embeddings')).data[0].embedding).toHaveLength(8);
  });

  it('answer base64 (little-endian float32) when asked, like OpenAI', () => {
    const e = engine();
    const float = json(post(e, { model: 'm', input: 'abc', dimensions: 16 }, '/v1/embeddings')).data[0].embedding as number[];
    const b64 = json(post(e, { model: 'm', input: 'abc', dimensions: 16, encoding_format: 'base64' }, '/v1/embeddings')).data[0].embedding;
    expect(typeof b64).toBe('string');
    for (const [i, x] of decodeEmbeddingBase64(b64).entries()) expect(x).toBeCloseTo(float[i] as number, 6);
  });

  it('accept token arrays (one token per number) and reject bad input', () => {
    const e = engine();
    expect(json(post(e, { model: 'm', input: [1, 2, 3] }, '/v1/embeddings')).usage.prompt_tokens).toBe(3);
    expect(json(post(e, { model: 'm', input: [[1, 2], [3]] }, '/v1/embeddings')).data).toHaveLength(2);
    expect(post(e, { model: 'm', input: [] }, '/v1/embeddings').status).toBe(400);
    expect(post(e, { model: 'fail-503', input: 'x' }, '/v1/embeddings').status).toBe(503);
  });
});
