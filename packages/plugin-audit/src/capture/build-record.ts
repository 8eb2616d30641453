/**
 * @module A finished request's outcome and context -> its audit record. Runs in `complete`: it only
 * copies references and scalars; serialization happens later, in the background writer.
 */
import type { EmbeddingsResponse, GatewayResponse, Outcome, RequestContext } from '@switchyard/core';
import { type AuditRecord, RECORD_VERSION } from './audit-record.js';
import { FAILED_TARGETS, REDACTION_FINDINGS, REPLAY_MARK, SENT_REQUEST, STREAM_CAPTURE, UPSTREAM_RESPONSE } from './context-keys.js';

/** Detectors kept per record, and the longest detector name: findings come from another plugin. */
const MAX_FINDINGS = 64;
const MAX_FINDING_NAME = 64;

/**
 * The request's cost in USD, or null when unknown. Today the cost plugin sets `ctx.costUsd`; this is
 * the one place that reads it, so moving cost behind a service changes only this function.
 */
export function costUsdOf(ctx: RequestContext): number | null {
  return typeof ctx.costUsd === 'number' && Number.isFinite(ctx.costUsd) ? ctx.costUsd : null;
}

/** A bounded copy of the redaction findings (numeric counts only), or null when no redaction ran. */
export function findingsOf(ctx: RequestContext): Record<string, number> | null {
  const raw = ctx.get(REDACTION_FINDINGS);
  if (!raw || typeof raw !== 'object') return null;
  const out: Record<string, number> = {};
  let n = 0;
  for (const [name, count] of Object.entries(raw)) {
    if (n >= MAX_FINDINGS) break;
    if (typeof count !== 'number' || !Number.isFinite(count)) continue;
    out[name.slice(0, MAX_FINDING_NAME)] = count;
    n++;
  }
  return out;
}

/** Embedding vectors are large and say nothing an auditor needs: keep their count and size only. */
function embeddingsSummary(res: EmbeddingsResponse): GatewayResponse {
  const data = res.data.map((d) => ({
    object: d.object,
    index: d.index,
    embedding: typeof d.embedding === 'string' ? `base64:${d.embedding.length}` : `float[${d.embedding.length}]`,
  }));
  return { ...res, data };
}

function capturedResponse(outcome: Outcome, ctx: RequestContext): GatewayResponse | null {
  if (ctx.endpoint === 'embeddings') {
    return outcome.response ? embeddingsSummary(outcome.response as EmbeddingsResponse) : null;
  }
  if (ctx.stream) {
    const assembled = ctx.get(STREAM_CAPTURE)?.result();
    // A stream that failed before any output has nothing worth keeping.
    return assembled && assembled.choices.length > 0 ? assembled : null;
  }
  // Never `outcome.response`: that is what the client got, after any transform that restored masked values.
  return ctx.get(UPSTREAM_RESPONSE) ?? null;
}

/** Targets that failed, then the provider and model the last attempt went to (as the upstream named it). */
export function routeOf(ctx: RequestContext): string[] {
  const failed = ctx.get(FAILED_TARGETS) ?? [];
  if (!ctx.provider) return [...failed];
  const last = `${ctx.provider}/${ctx.upstreamModel}`;
  return failed.includes(last) ? [...failed] : [...failed, last];
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

export function buildRecord(outcome: Outcome, ctx: RequestContext, capture: 'full' | 'metadata', now: number): AuditRecord {
  const p = ctx.principal;
  const err = outcome.error;
  const full = capture === 'full';
  return {
    v: RECORD_VERSION,
    requestId: ctx.id,
    ts: Math.round(now - outcome.durationMs),
    endpoint: ctx.endpoint,
    capture,
    principal: { keyId: String(p.keyId), team: String(p.team), user: String(p.user) },
    attribution: { feature: ctx.feature ?? null, customer: ctx.customer ?? null, tags: ctx.tags },
    alias: ctx.requestedModel,
    route: routeOf(ctx),
    provider: ctx.provider ?? null,
    model: ctx.upstreamModel ?? null,
    attempts: ctx.attempts,
    stream: ctx.stream,
    status: outcome.status,
    errorCode: err?.apiCode ?? null,
    errorMessage: err?.message ?? null,
    timings: { ttftMs: ctx.ttftMs === undefined ? null : round1(ctx.ttftMs), totalMs: round1(outcome.durationMs) },
    usage: outcome.usage ?? null,
    costUsd: costUsdOf(ctx),
    cache: ctx.cache,
    redaction: findingsOf(ctx),
    replayOf: ctx.get(REPLAY_MARK)?.of ?? null,
    // Only a request that went through every transformRequest tap: a request refused midway (e.g. by
    // a redaction block) may still hold what must never be stored.
    request: full ? (ctx.get(SENT_REQUEST) ?? null) : null,
    response: full ? capturedResponse(outcome, ctx) : null,
  };
}
