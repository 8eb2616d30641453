/** @module The audit record: one per admitted model request, the same shape in every sink and in the admin API. */
import type { CacheStatus, Endpoint, GatewayRequest, GatewayResponse, Usage } from '@switchyard/core';

export const RECORD_VERSION = 1;

export type RecordStatus = 'success' | 'error' | 'aborted';
export const RECORD_STATUSES: readonly RecordStatus[] = ['success', 'error', 'aborted'];

export interface AuditRecord {
  /** Schema version of this record. */
  v: typeof RECORD_VERSION;
  /** Equals the `x-request-id` response header. */
  requestId: string;
  /** Request start, epoch ms. */
  ts: number;
  endpoint: Endpoint;
  /** What was captured: `full` records carry the request and response bodies. */
  capture: 'full' | 'metadata';
  /** Who called: the gateway key's id, never the key. */
  principal: { keyId: string; team: string; user: string };
  attribution: { feature: string | null; customer: string | null; tags: string[] };
  /** The model name the caller asked for (alias or `provider/model`). */
  alias: string;
  /**
   * Targets tried, in order, once each (`provider/model`): those that failed, then the one that
   * answered, named by the model it reported. Empty for cache hits.
   */
  route: string[];
  /** Config name of the provider that answered (or was last tried). */
  provider: string | null;
  /** Upstream model that answered (or was last tried). */
  model: string | null;
  attempts: number;
  stream: boolean;
  status: RecordStatus;
  /** Public error code (`apiCode`) for errors and aborts. */
  errorCode: string | null;
  errorMessage: string | null;
  timings: { ttftMs: number | null; totalMs: number };
  usage: Usage | null;
  /** USD; null when unknown (no cost plugin, or an unpriced model). */
  costUsd: number | null;
  cache: CacheStatus;
  /** Detector -> matches, from a redaction plugin (`redaction.findings` on the context); null when none ran. */
  redaction: Record<string, number> | null;
  /** The original request's id when this request was sent by `switchyard replay`. */
  replayOf: string | null;
  /** The request as sent upstream (after `transformRequest`, so redacted); `full` capture only. */
  request: GatewayRequest | null;
  /**
   * The response as the upstream gave it (assembled for streams), before response transforms that
   * restore masked values; `full` capture only. Null for errors and aborts without output.
   */
  response: GatewayResponse | null;
}
