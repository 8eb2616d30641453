/** @module An upstream embeddings body -> canonical EmbeddingsResponse with float vectors. */
import { SwitchyardError } from '../errors.js';
import { decodeEmbeddingBase64, type Embedding, type EmbeddingsResponse } from '../schema/embeddings.js';
import type { WireEmbeddingsResponse } from './wire-types.js';

function protocolError(provider: string, body: unknown, what: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${provider}" sent an embeddings response ${what}`, {
    provider,
    upstreamBody: body,
    retryable: true,
  });
}

/**
 * Vectors come back as floats even from a server that ignored `encoding_format: "float"` and sent
 * base64; `data` is sorted by `index` because core and clients pair vectors with inputs by position.
 */
export function parseEmbeddingsResponse(body: unknown, provider: string, model: string): EmbeddingsResponse {
  if (!body || typeof body !== 'object') throw protocolError(provider, body, 'that is not a JSON object');
  const b = body as WireEmbeddingsResponse;
  if (!Array.isArray(b.data)) throw protocolError(provider, body, 'without data');
  const data: Embedding[] = b.data.map((d, i) => {
    const v = d?.embedding;
    let embedding: number[];
    if (Array.isArray(v)) embedding = v;
    else if (typeof v === 'string') embedding = decodeEmbeddingBase64(v);
    else throw protocolError(provider, body, `with a malformed vector at ${i}`);
    return { object: 'embedding', index: typeof d.index === 'number' ? d.index : i, embedding };
  });
  data.sort((a, b) => a.index - b.index);
  const prompt = typeof b.usage?.prompt_tokens === 'number' ? b.usage.prompt_tokens : 0;
  const total = typeof b.usage?.total_tokens === 'number' ? b.usage.total_tokens : prompt;
  return {
    object: 'list',
    data,
    model: typeof b.model === 'string' && b.model ? b.model : model,
    usage: { prompt_tokens: prompt, total_tokens: total },
  };
}
