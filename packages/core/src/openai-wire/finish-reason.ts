/** @module Upstream `finish_reason` strings -> the canonical FinishReason. */
import type { FinishReason } from '../schema/chat-response.js';

/**
 * OpenAI's own values pass through; the aliases are what compatible servers send instead
 * (Mistral `model_length`, TGI `eos_token`, servers proxying Anthropic `end_turn`/`tool_use`).
 * An unknown non-empty reason reads as `stop`: the choice did end, and clients only know the five.
 */
const ALIASES: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  function_call: 'function_call',
  model_length: 'length',
  max_tokens: 'length',
  eos: 'stop',
  eos_token: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
};

export function mapFinishReason(reason: string | null | undefined): FinishReason | null {
  if (reason === null || reason === undefined || reason === '') return null;
  return ALIASES[reason] ?? 'stop';
}
