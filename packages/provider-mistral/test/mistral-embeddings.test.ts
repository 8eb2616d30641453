import { SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mistralProvider } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

const emb = mistralProvider.embeddings!;
const call = makeCall({ model: 'mistral-embed' });

describe('mistral embeddings', () => {
  it('posts text input to {baseUrl}/embeddings; dimensions -> output_dimension, user dropped', () => {
    const req = emb.toUpstream({ model: 'e', input: ['a', 'b'], dimensions: 256, user: 'u' }, call);
    expect(req.url).toBe('https://api.mistral.ai/v1/embeddings');
    expect(JSON.parse(req.body!)).toEqual({ model: 'mistral-embed', input: ['a', 'b'], encoding_format: 'float', output_dimension: 256 });
  });

  it('keeps Mistral-native output_dtype', () => {
    const body = JSON.parse(emb.toUpstream({ model: 'e', input: 'a', output_dtype: 'int8' } as any, call).body!);
    expect(body.output_dtype).toBe('int8');
  });

  it('refuses token-array input with a coded error that lets another target try', () => {
    const err = (() => {
      try {
        emb.toUpstream({ model: 'e', input: [1, 2, 3] }, call);
      } catch (e) {
        return e;
      }
    })() as SwitchyardError;
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SY_ERR_UNSUPPORTED', param: 'input', fallback: true });
  });

  it('reads float vectors in input order with usage', () => {
    const res = emb.fromUpstream(fixtureJson('mistral-embeddings.json'), call, { model: 'e', input: ['a', 'b'] });
    expect(res.model).toBe('mistral-embed');
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.data[0]!.embedding).toEqual([-0.0165863037109375, 0.07012939453125, 0.031494140625, 0.013092041015625]);
    expect(res.usage).toEqual({ prompt_tokens: 12, total_tokens: 12 });
  });
});
