/**
 * @module OpenAI Chat Completions and Embeddings objects as they arrive on the wire. Every field is
 * optional because OpenAI-compatible servers omit or null fields OpenAI itself always sends; the
 * translators check each field they read instead of validating whole objects per chunk.
 */

export interface WireToolCall {
  index?: number;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | Record<string, unknown> | null } | null;
  [k: string]: unknown;
}

export interface WireMessage {
  role?: string;
  content?: string | null;
  reasoning_content?: string | null;
  /** vLLM (newer), OpenRouter and others name the reasoning text `reasoning`. */
  reasoning?: string | null;
  refusal?: string | null;
  tool_calls?: WireToolCall[] | null;
  [k: string]: unknown;
}

export interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: Record<string, unknown> | null;
  completion_tokens_details?: Record<string, unknown> | null;
  [k: string]: unknown;
}

export interface WireChoice {
  index?: number;
  message?: WireMessage | null;
  finish_reason?: string | null;
  logprobs?: unknown;
  [k: string]: unknown;
}

export interface WireChatResponse {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: WireChoice[];
  usage?: WireUsage | null;
  system_fingerprint?: string | null;
  [k: string]: unknown;
}

export interface WireChunkChoice {
  index?: number;
  delta?: WireMessage | null;
  finish_reason?: string | null;
  [k: string]: unknown;
}

/** One `data:` payload of a chat stream. `error` appears instead of `choices` when a stream fails. */
export interface WireChatChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: WireChunkChoice[];
  usage?: WireUsage | null;
  error?: WireErrorObject | string;
  [k: string]: unknown;
}

/** The `error` member of an OpenAI error body: `{ "error": { "message", "type", "param", "code" } }`. */
export interface WireErrorObject {
  message?: string;
  type?: string | null;
  param?: string | null;
  code?: string | number | null;
  [k: string]: unknown;
}

export interface WireEmbedding {
  object?: string;
  index?: number;
  embedding?: number[] | string;
}

export interface WireEmbeddingsResponse {
  object?: string;
  data?: WireEmbedding[];
  model?: string;
  usage?: { prompt_tokens?: number; total_tokens?: number } | null;
  [k: string]: unknown;
}
