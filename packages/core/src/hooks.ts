/**
 * @module The request lifecycle, declared once. Plugins tap these hooks; taps are ordered by
 * `Stage`, never by registration order. After `ready()` the hooks are sealed.
 */
import {
  AsyncParallelHook,
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
  HookMap,
  SyncHook,
  SyncWaterfallHook,
} from 'tapable';
import type { RequestContext } from './context.js';
import type { SwitchyardError } from './errors.js';
import type { UpstreamRequest } from './provider.js';
import type { ChatRequest } from './schema/chat-request.js';
import type { ChatResponse } from './schema/chat-response.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from './schema/embeddings.js';
import type { StreamPart } from './schema/stream-part.js';
import type { Usage } from './schema/usage.js';

/** Tap stages: pass `{ name, stage: Stage.QUOTA }` to `tap*`. Lower runs first. */
export const Stage = Object.freeze({
  AUTH: -400,
  QUOTA: -300,
  REDACT: -200,
  CACHE: -100,
  DEFAULT: 0,
  OBSERVE: 100,
});

export type GatewayRequest = ChatRequest | EmbeddingsRequest;
export type GatewayResponse = ChatResponse | EmbeddingsResponse;

/** A reason to refuse a request in `admit`: any SwitchyardError (401, 403, 429, ...). */
export type Denial = SwitchyardError;

/** A cache answer from `lookup`. */
export interface Cached {
  response: GatewayResponse;
  kind: 'hit' | 'semantic-hit';
}

export interface RouteTarget {
  /** Provider name in config. */
  provider: string;
  model: string;
  retries: number;
  weight: number;
}

export interface RoutePlan {
  /** The alias (or `provider/model`) that was resolved. */
  model: string;
  /** Targets in the order they will be tried. */
  targets: RouteTarget[];
}

export type RetryDirective = { action: 'retry'; delayMs?: number } | { action: 'fallback' } | { action: 'fail' };

/** A per-stream chunk stage. Synchronous; may hold parts back only within its declared window. */
export interface StreamTransformer {
  readonly name: string;
  transform(part: StreamPart, ctx: RequestContext): StreamPart | StreamPart[] | null;
  flush?(ctx: RequestContext): StreamPart[];
}

export interface Outcome {
  status: 'success' | 'error' | 'aborted';
  request: GatewayRequest | undefined;
  /** Final response; for streams, assembled only when a plugin asked for it (`gateway.assembleStreams()`). */
  response: GatewayResponse | undefined;
  error: SwitchyardError | undefined;
  usage: Usage | undefined;
  durationMs: number;
}

export function createHooks<G>() {
  return Object.freeze({
    /** Connect stores. Runs once in `ready()`. */
    ready: new AsyncSeriesHook<[G]>(['gateway']),
    /** Flush and close. Awaited in `close()`. */
    close: new AsyncSeriesHook<[G]>(['gateway']),
    /**
     * Auth, quota reservation, guards. Returning a Denial ends the request. Also runs alone, through
     * `gateway.admit`, for endpoints without an upstream call (`ctx.endpoint` `models`, `count_tokens`).
     */
    admit: new AsyncSeriesBailHook<[GatewayRequest, RequestContext], Denial | undefined>(['request', 'ctx']),
    /** Redaction, rewrites. Each tap returns the (new) request. */
    transformRequest: new AsyncSeriesWaterfallHook<[GatewayRequest, RequestContext]>(['request', 'ctx']),
    /** Exact cache, then semantic cache. A returned Cached skips upstream. */
    lookup: new AsyncSeriesBailHook<[GatewayRequest, RequestContext], Cached | undefined>(['request', 'ctx']),
    /** Core seeds the plan from config; plugins may reorder or filter targets. */
    route: new AsyncSeriesWaterfallHook<[RoutePlan, RequestContext]>(['plan', 'ctx']),
    /** Last-mile request edits per provider name; `for('*')` applies to all providers. */
    upstreamRequest: new HookMap(() => new SyncWaterfallHook<[UpstreamRequest, RequestContext]>(['request', 'ctx'])),
    /** Before the first byte only: decide retry / fallback / fail for an upstream error. */
    upstreamError: new AsyncSeriesBailHook<[SwitchyardError, RequestContext], RetryDirective | undefined>(['error', 'ctx']),
    /** Non-streaming responses: restore masked values, output guards, cost headers. */
    transformResponse: new AsyncSeriesWaterfallHook<[GatewayResponse, RequestContext]>(['response', 'ctx']),
    /** Once per stream: append transformers to build the chunk pipeline. */
    streamTransforms: new SyncWaterfallHook<[StreamTransformer[], RequestContext]>(['transformers', 'ctx']),
    /** Observe each outgoing part (TTFT, usage). Skipped entirely when untapped. */
    streamPart: new SyncHook<[StreamPart, RequestContext]>(['part', 'ctx']),
    /** Exactly once per request, after the reply: cost, audit, metrics, cache store, quota settle. */
    complete: new AsyncParallelHook<[Outcome, RequestContext]>(['outcome', 'ctx']),
    /** Observe errors; cannot change them. */
    error: new SyncHook<[SwitchyardError, RequestContext]>(['error', 'ctx']),
  });
}

export type Hooks<G = unknown> = ReturnType<typeof createHooks<G>>;
