/**
 * @module The provider contract. A provider is a pure translation object: no network, no framework
 * imports. Core owns HTTP, SSE framing and decoding, retries and timeouts.
 */
import type { ZodType } from 'zod';
import type { ChatRequest } from './schema/chat-request.js';
import type { ChatResponse } from './schema/chat-response.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from './schema/embeddings.js';
import type { StreamPart } from './schema/stream-part.js';

export interface Capabilities {
  chat: boolean;
  stream: boolean;
  tools: boolean;
  vision: boolean;
  json: boolean;
  embeddings: boolean;
  /**
   * Serves requests that came in as OpenAI Responses natively (upstream-stored state, built-in
   * tools). Optional: providers without it are reached through the canonical translation only.
   */
  responses?: boolean;
}

/** What a provider knows about one upstream call. `options` are its validated config options. */
export interface UpstreamCall<O = unknown> {
  /** The provider's name in config (e.g. `openai`, `local`). */
  provider: string;
  /** The upstream model id. */
  model: string;
  options: O;
  stream: boolean;
}

/**
 * A fully built HTTP request. `url` is derived from the provider's configured `baseUrl`; a request
 * value in its path goes through `urlPathSegment`.
 */
export interface UpstreamRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
}

/** One decoded server-sent event (or one NDJSON line, as `data`). */
export interface SseEvent {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

/** A provider's reading of an upstream error response. */
export interface UpstreamErrorInfo {
  message: string;
  /** The provider's own error code or type, e.g. `rate_limit_exceeded`. */
  code?: string | undefined;
  retryable: boolean;
  /**
   * This target cannot serve the request but another may (bad credentials reported as 400, model
   * unknown there): try the next target without retrying this one. 401 and 403 imply it.
   */
  fallback?: boolean | undefined;
  /** Seconds, from `retry-after` or the body. */
  retryAfter?: number | undefined;
}

export interface EmbeddingsTranslation<O = unknown> {
  toUpstream(req: EmbeddingsRequest, call: UpstreamCall<O>): UpstreamRequest;
  /** Must return float vectors; core applies `encoding_format`. */
  fromUpstream(body: unknown, call: UpstreamCall<O>, req: EmbeddingsRequest): EmbeddingsResponse;
}

export interface ProviderDefinition<O = any, S = any> {
  /** The `type:` used in config, e.g. `openai`. */
  readonly type: string;
  /** zod schema of this provider's options in config (`apiKey`, `baseUrl`, ...). */
  readonly options: ZodType<O>;
  readonly capabilities: Capabilities;
  /** How the upstream frames stream events. Default `sse`. */
  readonly streamFormat?: 'sse' | 'ndjson';
  toUpstream(req: ChatRequest, call: UpstreamCall<O>): UpstreamRequest;
  fromUpstream(body: unknown, call: UpstreamCall<O>): ChatResponse;
  createStreamState(call: UpstreamCall<O>): S;
  /** Translates one upstream event to zero or more parts. Synchronous: it runs per chunk. */
  fromStreamEvent(event: SseEvent, state: S): StreamPart[];
  /** Called once when the upstream stream ends cleanly; may flush buffered parts. */
  endStream?(state: S): StreamPart[];
  mapError(status: number, body: unknown, headers: Record<string, string | string[] | undefined>): UpstreamErrorInfo;
  readonly embeddings?: EmbeddingsTranslation<O>;
  /**
   * In-process transport used instead of HTTP (the mock provider). It receives the request
   * `toUpstream` built and answers with wire bytes, so decoding is exercised exactly as over HTTP.
   * When `signal` aborts, the pending answer and its body must end: timeouts reach it only that way.
   */
  transport?(req: UpstreamRequest, signal: AbortSignal, call: UpstreamCall<O>): Promise<UpstreamResponse>;
  /**
   * The upstream speaks OpenAI Chat Completions exactly. When no plugin needs parsed stream parts
   * (no stream transforms or observers, no assembly) and the client speaks OpenAI too, stream events
   * are forwarded verbatim and only usage and errors are parsed.
   */
  readonly passthrough?: boolean;
  /**
   * Option keys whose values are secrets, scrubbed from every upstream error (as are the values of
   * an option named `headers`). Default: apiKey.
   */
  readonly secretOptions?: readonly string[];
}

/** Identity helper that gives provider authors type inference. */
export function defineProvider<O, S>(def: ProviderDefinition<O, S>): ProviderDefinition<O, S> {
  return Object.freeze(def);
}

/** Seconds from a `retry-after` (or `retry-after-ms`) header; undefined when absent or unparsable. */
export function parseRetryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
  const ms = headers['retry-after-ms'];
  if (typeof ms === 'string' && ms.trim() !== '' && Number.isFinite(Number(ms))) return Number(ms) / 1000;
  const v = headers['retry-after'];
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** The usual retryability of an upstream HTTP status: 408, 409, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
