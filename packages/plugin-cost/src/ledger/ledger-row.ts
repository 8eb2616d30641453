/** @module One ledger row per request, and its column order in both stores. */

export type RowStatus = 'success' | 'error' | 'aborted';

export interface LedgerRow {
  /** Request start, epoch ms. */
  ts: number;
  requestId: string;
  team: string;
  userId: string;
  keyId: string;
  feature: string | null;
  customer: string | null;
  tags: readonly string[];
  endpoint: string;
  /** Provider name in config that answered (or was last tried). */
  provider: string | null;
  /** Upstream model that answered. */
  model: string | null;
  /** Alias or `provider/model` the caller asked for. */
  requestedModel: string | null;
  status: RowStatus;
  /** `hit`, `semantic-hit`, `miss` or `bypass`: cache hits cost nothing upstream. */
  cache: string;
  /** Public error code (`apiCode`) for errors and aborts. */
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** Usage counted by the gateway's tokenizer (aborted or failed streams), not reported upstream. */
  usageEstimated: boolean;
  /** USD; null when the model has no known price. */
  costUsd: number | null;
  priced: boolean;
  durationMs: number;
}

/** Insert column order, shared by both stores. */
export const COLUMNS = [
  'ts',
  'request_id',
  'team',
  'user_id',
  'key_id',
  'feature',
  'customer',
  'tags',
  'endpoint',
  'provider',
  'model',
  'requested_model',
  'status',
  'cache',
  'error_code',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'cache_write_tokens',
  'usage_estimated',
  'cost_usd',
  'priced',
  'duration_ms',
] as const;

/** Row values in `COLUMNS` order; booleans as the store wants them. */
export function rowValues(r: LedgerRow, bool: (b: boolean) => unknown): unknown[] {
  return [
    r.ts,
    r.requestId,
    r.team,
    r.userId,
    r.keyId,
    r.feature,
    r.customer,
    JSON.stringify(r.tags),
    r.endpoint,
    r.provider,
    r.model,
    r.requestedModel,
    r.status,
    r.cache,
    r.errorCode,
    r.promptTokens,
    r.completionTokens,
    r.cachedTokens,
    r.cacheWriteTokens,
    bool(r.usageEstimated),
    r.costUsd,
    bool(r.priced),
    r.durationMs,
  ];
}
