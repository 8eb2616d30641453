/** @module Stream parts: the provider-neutral unit every upstream stream is decoded into. */
import type { SwitchyardError } from '../errors.js';
import type { FinishReason } from './chat-response.js';
import type { Usage } from './usage.js';

/** Response identity; providers emit it once, first. */
export interface StartPart {
  type: 'start';
  id: string;
  model: string;
  created: number;
}
export interface TextPart {
  type: 'text';
  choice: number;
  delta: string;
}
export interface ReasoningPart {
  type: 'reasoning';
  choice: number;
  delta: string;
  /** Provider data that must survive a round trip (e.g. Anthropic thinking signatures). */
  extra?: Record<string, unknown>;
}
/** The first part of a call carries `id` and `name`; later ones only `arguments` pieces. */
export interface ToolCallPart {
  type: 'tool-call';
  choice: number;
  index: number;
  id?: string;
  name?: string;
  arguments: string;
  /** Provider-specific data that must survive a round trip (e.g. Gemini thought signatures). */
  extra?: Record<string, unknown>;
}
export interface FinishPart {
  type: 'finish';
  choice: number;
  reason: FinishReason;
  /** The stop sequence that ended generation, when the provider says which. */
  stopSequence?: string;
}
export interface UsagePart {
  type: 'usage';
  usage: Usage;
}
/** A failure after the first byte: the stream ends with it. */
export interface ErrorPart {
  type: 'error';
  error: SwitchyardError;
}

/**
 * An upstream `chat.completion.chunk`, as JSON text, forwarded verbatim. Only produced on the
 * pass-through fast path (an OpenAI-wire provider and nothing that needs parsed parts).
 */
export interface RawChunkPart {
  type: 'raw';
  data: string;
}

export type StreamPart = StartPart | TextPart | ReasoningPart | ToolCallPart | FinishPart | UsagePart | ErrorPart | RawChunkPart;
