/**
 * @module A request's outcome and context -> its ledger row (attribution, tokens, cost). Every string
 * a client or an upstream chose is bounded here, once, before it is buffered.
 */
import type { Outcome, RequestContext } from '@switchyard/core';
import { billedTokens } from '../catalog/compute-cost.js';
import { boundCode, boundOptional, boundTags, boundText } from './bound-text.js';
import type { LedgerRow } from './ledger-row.js';

export interface RowCost {
  costUsd: number | null;
  priced: boolean;
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.length > 0 ? boundText(v) : fallback;
}

export function buildLedgerRow(outcome: Outcome, ctx: RequestContext, cost: RowCost, now: number): LedgerRow {
  const usage = outcome.usage;
  const t = usage ? billedTokens(usage) : undefined;
  const p = ctx.principal;
  return {
    ts: Math.round(now - outcome.durationMs),
    requestId: boundText(ctx.id),
    team: str(p.team, 'anonymous'),
    userId: str(p.user, 'anonymous'),
    keyId: str(p.keyId, 'anonymous'),
    feature: boundOptional(ctx.feature),
    customer: boundOptional(ctx.customer),
    tags: boundTags(ctx.tags),
    endpoint: ctx.endpoint,
    provider: boundOptional(ctx.provider),
    model: boundOptional(ctx.upstreamModel),
    requestedModel: boundOptional(ctx.requestedModel),
    status: outcome.status,
    cache: ctx.cache,
    errorCode: boundCode(outcome.error?.apiCode),
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
