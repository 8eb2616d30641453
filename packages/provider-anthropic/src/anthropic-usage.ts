/** @module Anthropic usage -> OpenAI usage, counting cached input as prompt tokens. */
import type { Usage } from '@switchyard/core';
import type { AnthropicUsage } from './anthropic-wire-types.js';

function n(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Anthropic's `input_tokens` excludes cache reads and writes; OpenAI's `prompt_tokens` includes
 * cached tokens. So prompt = input + cache_read + cache_creation, with the split kept in
 * `prompt_tokens_details` for cost accounting.
 */
export function toCanonicalUsage(u: AnthropicUsage): Usage {
  const read = n(u.cache_read_input_tokens);
  const creation = n(u.cache_creation_input_tokens);
  const prompt = n(u.input_tokens) + read + creation;
  const completion = n(u.output_tokens);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (u.cache_read_input_tokens != null || u.cache_creation_input_tokens != null) {
    usage.prompt_tokens_details = { cached_tokens: read, cache_creation_tokens: creation };
  }
  const thinking = u.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') usage.completion_tokens_details = { reasoning_tokens: thinking };
  return usage;
}
