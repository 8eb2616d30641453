/** @module Gemini `finishReason` / `promptFeedback.blockReason` -> canonical `finish_reason`. */
import type { FinishReason } from '@switchyard/core';

/** Every reason meaning "a filter stopped or withheld the content". */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Gemini ends function calls with STOP, so a choice that called tools reports `tool_calls`.
 * MALFORMED_FUNCTION_CALL, OTHER, LANGUAGE and unknown reasons have no OpenAI equivalent: `stop`.
 */
export function mapGoogleFinishReason(reason: string | undefined, calledTools: boolean): FinishReason {
  if (reason && FILTERED.has(reason)) return 'content_filter';
  if (reason === 'MAX_TOKENS') return 'length';
  return calledTools ? 'tool_calls' : 'stop';
}
