/** @module A request's outcome and context -> its ledger row (attribution, tokens, cost). */
import type { Outcome, RequestContext } from '@switchyard/core';
import { billedTokens } from '../catalog/compute-cost.js';
import type { LedgerRow } from './ledger-row.js';

export interface RowCost {
  costUsd: number | null;
  priced: boolean;
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.length > 0 ? v : fallback;
}

export function buildLedgerRow(outcome: Outcome, ctx: RequestContext, cost: RowCost, now: number): LedgerRow {
  const usage = outcome.usage;
  const t = usage ? billedTokens(usage) : undefined;
  const p = ctx.principal;
  return {
    ts: Math.round(now - outcome.durationMs),
    requestId: ctx.id,
    team: str(p.team, 'anonymous'),
    userId: str(p.user, 'anonymous'),
    keyId: str(p.keyId, 'anonymous'),
    feature: ctx.feature ?? null,
    customer: ctx.customer ?? null,
    tags: ctx.tags,
    endpoint: ctx.endpoint,
    provider: ctx.provider ?? null,
    model: ctx.upstreamModel ?? null,
    requestedModel: ctx.requestedModel || null,
    status: outcome.status,
    cache: ctx.cache,
    errorCode: outcome.error?.apiCode ?? null,
    promptTokens: t ? t.uncached + t.cached + t.cacheWrite : 0,
    completionTokens: t?.completion ?? 0,
    cachedTokens: t?.cached ?? 0,
    cacheWriteTokens: t?.cacheWrite ?? 0,
    usageEstimated: usage?.estimated === true,
    costUsd: cost.costUsd,
    priced: cost.priced,
    durationMs: Math.round(outcome.durationMs),
  };
}
