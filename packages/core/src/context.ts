/** @module Per-request state: one typed RequestContext per request, every field set in the constructor. */
import type { SwitchyardError } from './errors.js';
import type { Capabilities } from './provider.js';
import { parseAttribution } from './schema/request-bounds.js';
import type { Usage } from './schema/usage.js';

/** Model endpoints carry model traffic (metered by quota and cost); the others only need a principal. */
export type ModelEndpoint = 'chat' | 'embeddings' | 'messages' | 'responses';
/** `responses_store`: reading or deleting a stored response (`GET`/`DELETE /v1/responses/{id}`). */
export type Endpoint = ModelEndpoint | 'models' | 'count_tokens' | 'responses_store';

const MODEL_ENDPOINTS: ReadonlySet<Endpoint> = new Set<Endpoint>(['chat', 'embeddings', 'messages', 'responses']);

/** Whether an endpoint carries model traffic that quota and cost meter. */
export function isModelEndpoint(endpoint: Endpoint): endpoint is ModelEndpoint {
  return MODEL_ENDPOINTS.has(endpoint);
}

/** Who is calling. Team and user come from the gateway key, never from a header. */
export interface Principal {
  /** Gateway key id (never the key itself). */
  keyId: string;
  team: string;
  user: string;
  [k: string]: unknown;
}

export const ANONYMOUS: Principal = Object.freeze({ keyId: 'anonymous', team: 'anonymous', user: 'anonymous' });

/** A typed slot for a plugin's per-request data: `const K = contextKey<number>('quota.reserved')`. */
export interface ContextKey<T> {
  readonly name: string;
  readonly __type?: T;
}
export function contextKey<T>(name: string): ContextKey<T> {
  return Object.freeze({ name });
}

export type CacheStatus = 'hit' | 'semantic-hit' | 'miss' | 'bypass';

export interface RequestContextInit {
  id: string;
  endpoint: Endpoint;
  /** Lower-cased incoming headers (empty for in-process calls unless given). */
  headers?: Record<string, string | string[] | undefined>;
  signal?: AbortSignal;
  principal?: Principal;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RequestContext {
  readonly id: string;
  readonly endpoint: Endpoint;
  readonly startedAt: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly signal: AbortSignal;
  principal: Principal;
  /** True once every `admit` tap let the request through; nothing is recorded for a request that never was. */
  admitted: boolean;
  feature: string | undefined;
  customer: string | undefined;
  tags: string[];
  /** `x-switchyard-cache` request directive. */
  cacheDirective: 'no-cache' | 'no-store' | undefined;
  /** The model name the caller asked for (alias or provider/model). */
  requestedModel: string;
  /** Config name of the provider that answered (or was last tried). */
  provider: string | undefined;
  /** Upstream model that answered (or was last tried). */
  upstreamModel: string | undefined;
  attempts: number;
  stream: boolean;
  cache: CacheStatus;
  usage: Usage | undefined;
  costUsd: number | undefined;
  error: SwitchyardError | undefined;
  /** Time to first streamed part, ms since start. */
  ttftMs: number | undefined;
  /**
   * Capabilities the host knows the request needs beyond what the canonical request shows, each
   * with the reason named in the error when no target has it (e.g. `{ responses: 'the web_search tool' }`).
   */
  requires: Partial<Record<keyof Capabilities, string>> | undefined;
  /** Headers plugins want on the client response. */
  readonly responseHeaders: Record<string, string>;
  private readonly slots = new Map<string, unknown>();

  constructor(init: RequestContextInit) {
    const headers = init.headers ?? {};
    this.id = init.id;
    this.endpoint = init.endpoint;
    this.startedAt = performance.now();
    this.headers = headers;
    this.signal = init.signal ?? new AbortController().signal;
    this.principal = init.principal ?? ANONYMOUS;
    this.admitted = false;
    // Cleaned and bounded: they reach ledger rows and metric labels. Too long throws a 400.
    const attribution = parseAttribution((name) => header(headers, name));
    this.feature = attribution.feature;
    this.customer = attribution.customer;
    this.tags = attribution.tags;
    const cache = header(headers, 'x-switchyard-cache');
    this.cacheDirective = cache === 'no-cache' || cache === 'no-store' ? cache : undefined;
    this.requestedModel = '';
    this.provider = undefined;
    this.upstreamModel = undefined;
    this.attempts = 0;
    this.stream = false;
    this.cache = 'miss';
    this.usage = undefined;
    this.costUsd = undefined;
    this.error = undefined;
    this.ttftMs = undefined;
    this.requires = undefined;
    this.responseHeaders = {};
  }

  header(name: string): string | undefined {
    return header(this.headers, name);
  }

  get<T>(key: ContextKey<T>): T | undefined {
    return this.slots.get(key.name) as T | undefined;
  }

  set<T>(key: ContextKey<T>, value: T): void {
    this.slots.set(key.name, value);
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }
}
