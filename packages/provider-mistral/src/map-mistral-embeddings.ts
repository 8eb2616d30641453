/** @module Canonical embeddings request -> Mistral `POST /v1/embeddings` body. */
import { type EmbeddingsRequest, SwitchyardError, type UpstreamCall } from '@switchyard/core';

function isTokenInput(input: unknown): boolean {
  return Array.isArray(input) && (typeof input[0] === 'number' || Array.isArray(input[0]));
}

/**
 * Mistral embeds text only (`input`: string or strings); `dimensions` is its `output_dimension`, and
 * `user` is unknown there. Mistral's own `output_dtype`, `output_dimension` and `metadata` pass through.
 */
export function toMistralEmbeddingsBody(
  body: Record<string, unknown>,
  call: UpstreamCall,
  req: EmbeddingsRequest,
): Record<string, unknown> {
  if (isTokenInput(req.input)) {
    throw new SwitchyardError('SY_ERR_UNSUPPORTED', `Provider "${call.provider}" embeds text only, not token arrays`, {
      provider: call.provider,
      param: 'input',
      fallback: true,
    });
  }
  const out: Record<string, unknown> = { model: body.model, input: body.input, encoding_format: 'float' };
  if (typeof req.dimensions === 'number') out.output_dimension = req.dimensions;
  for (const key of ['output_dimension', 'output_dtype', 'metadata']) {
    if (body[key] !== undefined && body[key] !== null) out[key] = body[key];
  }
  return out;
}
