/** @module Gemini `usageMetadata` -> canonical usage. */
import type { Usage } from '@switchyard/core';
import type { GoogleUsageMetadata } from './google-wire-types.js';

/**
 * Thinking tokens are billed as output but not counted in `candidatesTokenCount`, so completion =
 * candidates + thoughts; tool-use prompt tokens are input. `promptTokenCount` already includes the
 * cached tokens, as OpenAI's `prompt_tokens` does.
 */
export function mapGoogleUsage(meta: GoogleUsageMetadata | undefined): Usage | undefined {
  if (!meta) return undefined;
  const prompt = (meta.promptTokenCount ?? 0) + (meta.toolUsePromptTokenCount ?? 0);
  const completion = (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (meta.cachedContentTokenCount !== undefined) usage.prompt_tokens_details = { cached_tokens: meta.cachedContentTokenCount };
  if (meta.thoughtsTokenCount !== undefined) usage.completion_tokens_details = { reasoning_tokens: meta.thoughtsTokenCount };
  return usage;
}
