/** @module Canonical finish_reason -> Anthropic stop_reason. */
import type { FinishReason } from '@switchyard/core';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** `stopSequence` is the matched sequence when known (the Anthropic provider reports it). */
export function toAnthropicStopReason(reason: FinishReason | null | undefined, stopSequence?: string | null): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return stopSequence ? 'stop_sequence' : 'end_turn';
  }
}
