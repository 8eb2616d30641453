/** @module Anthropic `stop_reason` -> OpenAI `finish_reason`. */
import type { FinishReason } from '@switchyard/core';

/**
 * `pause_turn` (a long server-tool turn the caller may resume) ends the turn like `stop`;
 * `model_context_window_exceeded` is a length limit.
 */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
