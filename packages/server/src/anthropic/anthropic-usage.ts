/** @module Canonical usage -> Anthropic usage (the inverse of the provider's mapping). */
import type { Usage } from '@switchyard/core';

export interface AnthropicUsageOut {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** OpenAI's prompt_tokens includes cached tokens; Anthropic's input_tokens excludes cache reads and writes. */
export function toAnthropicUsage(u: Usage | undefined | null): AnthropicUsageOut {
  const read = u?.prompt_tokens_details?.cached_tokens ?? 0;
  const creation = u?.prompt_tokens_details?.cache_creation_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (u?.prompt_tokens ?? 0) - read - creation),
    output_tokens: u?.completion_tokens ?? 0,
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: read,
  };
}
