/**
 * @module Embeddings: one input -> `models/{m}:embedContent`, several -> `:batchEmbedContents`
 * (every request names the same `models/{m}`). Gemini returns float vectors and no token counts,
 * so usage is estimated (about 4 characters a token) and marked `estimated: true`.
 */
import { type EmbeddingsRequest, type EmbeddingsResponse, type EmbeddingsTranslation, SwitchyardError, type Usage } from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';
import { googleModelName, googleUpstreamRequest } from './google-upstream-request.js';
import type { GoogleEmbedContentRequest, GoogleEmbedContentResponse } from './google-wire-types.js';

function embeddingTexts(req: EmbeddingsRequest): string[] {
  const input = req.input;
  if (typeof input === 'string') return [input];
  if (input.every((x): x is string => typeof x === 'string')) return input;
  throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'Gemini embeddings take text, not token ids', { param: 'input' });
}

function embedRequest(text: string, req: EmbeddingsRequest, options: GoogleOptions, model?: string): GoogleEmbedContentRequest {
  const body: GoogleEmbedContentRequest = { content: { parts: [{ text }] } };
  if (model) body.model = model;
  if (options.embeddingTaskType) body.taskType = options.embeddingTaskType;
  if (req.dimensions !== undefined) body.outputDimensionality = req.dimensions;
  return body;
}

/** Roughly 4 characters per token: the usual estimate for English text. */
function estimateTokens(texts: readonly string[]): number {
  let tokens = 0;
  for (const t of texts) tokens += Math.ceil(t.length / 4);
  return tokens;
}

function vectorsOf(body: GoogleEmbedContentResponse): (number[] | undefined)[] {
  if (Array.isArray(body.embeddings)) return body.embeddings.map((e) => e?.values);
  return body.embedding ? [body.embedding.values] : [];
}

export const googleEmbeddings: EmbeddingsTranslation<GoogleOptions> = {
  toUpstream(req, call) {
    const texts = embeddingTexts(req);
    if (texts.length === 1) return googleUpstreamRequest(call, 'embedContent', embedRequest(texts[0] as string, req, call.options));
    const model = googleModelName(call.model);
    return googleUpstreamRequest(call, 'batchEmbedContents', {
      requests: texts.map((t) => embedRequest(t, req, call.options, model)),
    });
  },

  fromUpstream(body, call, req): EmbeddingsResponse {
    const texts = embeddingTexts(req);
    const res = (typeof body === 'object' && body !== null ? body : {}) as GoogleEmbedContentResponse;
    const vectors = vectorsOf(res);
    if (vectors.length !== texts.length || vectors.some((v) => !Array.isArray(v))) {
      throw new SwitchyardError(
        'SY_ERR_UPSTREAM_PROTOCOL',
        `Provider "${call.provider}" returned ${vectors.length} embeddings for ${texts.length} inputs`,
        { provider: call.provider, upstreamBody: body },
      );
    }
    const reported = res.usageMetadata?.promptTokenCount;
    const usage: Pick<Usage, 'prompt_tokens' | 'total_tokens' | 'estimated'> =
      typeof reported === 'number'
        ? { prompt_tokens: reported, total_tokens: reported }
        : { prompt_tokens: estimateTokens(texts), total_tokens: estimateTokens(texts), estimated: true };
    return {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding: embedding as number[] })),
      model: call.model,
      usage,
    };
  },
};
