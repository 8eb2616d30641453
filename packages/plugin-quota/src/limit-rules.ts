/**
 * @module Limits from config compiled once into rules; per request, the counters of every rule that
 * matches it (one per metric the rule sets), with store keys naming limit, metric and scope values.
 */
import { hash } from 'node:crypto';
import type { RequestContext } from '@switchyard/core';
import { limitName, type QuotaLimit, type ScopeName, scopesOf } from './options.js';
import type { CounterSpec } from './store.js';

export type Metric = 'requests' | 'tokens' | 'concurrent' | 'usd-day' | 'usd-month';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Budget windows outlive their period a little so late settles still find them. */
const SETTLE_GRACE_MS = 3_600_000;
/** USD amounts are counted in integer nano-dollars: exact sums, safe to $9M per window. */
export const NANO_PER_USD = 1e9;

type MatchField = 'key' | 'team' | 'user' | 'model' | 'endpoint';

export interface Rule {
  name: string;
  scopes: ScopeName[];
  match: [MatchField, Set<string>][];
  requestsPerMinute: number | undefined;
  tokensPerMinute: number | undefined;
  concurrent: number | undefined;
  usdPerDay: number | undefined;
  usdPerMonth: number | undefined;
}

export function compileRules(limits: readonly QuotaLimit[]): Rule[] {
  return limits.map((l) => ({
    name: limitName(l),
    scopes: scopesOf(l),
    match: Object.entries(l.match ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k as MatchField, new Set(Array.isArray(v) ? v : [v as string])]),
    requestsPerMinute: l.requestsPerMinute,
    tokensPerMinute: l.tokensPerMinute,
    concurrent: l.concurrent,
    usdPerDay: l.usdPerDay,
    usdPerMonth: l.usdPerMonth,
  }));
}

function field(ctx: RequestContext, f: MatchField | ScopeName): string {
  switch (f) {
    case 'key':
      return ctx.principal.keyId;
    case 'team':
      return ctx.principal.team;
    case 'user':
      return ctx.principal.user;
    case 'model':
      return ctx.requestedModel;
    case 'endpoint':
      return ctx.endpoint;
    case 'global':
      return '*';
  }
}

export function matches(rule: Rule, ctx: RequestContext): boolean {
  for (const [f, values] of rule.match) if (!values.has(field(ctx, f))) return false;
  return true;
}

/** One counter of one rule for one request. */
export interface PlannedCounter {
  rule: Rule;
  metric: Metric;
  /** Human description of the scope values, e.g. `team "research", model "smart"`. */
  scope: string;
  counter: CounterSpec;
  /** For budgets: when the calendar window ends (ms since epoch). */
  windowEndsAt?: number;
}

export interface Amounts {
  /** Input estimate plus output reservation. */
  tokens: number;
  /** Worst-case cost, nano-USD. */
  nanoUsd: number;
  /** Unique id of this request's concurrency slot. */
  leaseMember: string;
  leaseMs: number;
  /** Wall clock for calendar windows. */
  now: number;
}

function monthWindow(now: number): { id: string; endsAt: number } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return { id: `${y}-${String(m + 1).padStart(2, '0')}`, endsAt: Date.UTC(y, m + 1, 1) };
}

/** UTC calendar windows for budgets. */
export function budgetWindow(period: 'day' | 'month', now: number): { id: string; endsAt: number } {
  if (period === 'month') return monthWindow(now);
  const day = Math.floor(now / DAY_MS);
  return { id: String(day), endsAt: (day + 1) * DAY_MS };
}

/** Longest scope value written as is into a store key or a message (model names come from callers). */
const VALUE_MAX = 256;

/** A scope value in a store key: encoded, and a long one by its digest, so keys stay small and distinct. */
function keyPart(v: string): string {
  return v.length <= VALUE_MAX ? encodeURIComponent(v) : `sha256-${hash('sha256', v, 'hex')}`;
}

/** A scope value in a message, cut to a readable length. */
function shown(v: string): string {
  return v.length <= VALUE_MAX ? v : `${v.slice(0, VALUE_MAX)}…`;
}

export function planCounters(rules: readonly Rule[], ctx: RequestContext, prefix: string, amounts: Amounts): PlannedCounter[] {
  const out: PlannedCounter[] = [];
  for (const rule of rules) {
    const values = rule.scopes.map((s) => field(ctx, s));
    const scopeKey = values.map(keyPart).join(':');
    const scope = rule.scopes.map((s, i) => (s === 'global' ? 'global' : `${s} "${shown(values[i] as string)}"`)).join(', ');
    const base = `${prefix}${rule.name}:`;
    if (rule.requestsPerMinute !== undefined) {
      out.push({
        rule,
        metric: 'requests',
        scope,
        counter: { kind: 'rate', key: `${base}rpm:${scopeKey}`, limit: rule.requestsPerMinute, amount: 1, windowMs: MINUTE_MS },
      });
    }
    if (rule.tokensPerMinute !== undefined) {
      out.push({
        rule,
        metric: 'tokens',
        scope,
        counter: {
          kind: 'rate',
          key: `${base}tpm:${scopeKey}`,
          limit: rule.tokensPerMinute,
          amount: amounts.tokens,
          windowMs: MINUTE_MS,
        },
      });
    }
    if (rule.concurrent !== undefined) {
      out.push({
        rule,
        metric: 'concurrent',
        scope,
        counter: {
          kind: 'lease',
          key: `${base}conc:${scopeKey}`,
          limit: rule.concurrent,
          member: amounts.leaseMember,
          leaseMs: amounts.leaseMs,
        },
      });
    }
    for (const [period, usd] of [
      ['day', rule.usdPerDay],
      ['month', rule.usdPerMonth],
    ] as const) {
      if (usd === undefined) continue;
      const w = budgetWindow(period, amounts.now);
      out.push({
        rule,
        metric: period === 'day' ? 'usd-day' : 'usd-month',
        scope,
        windowEndsAt: w.endsAt,
        counter: {
          kind: 'fixed',
          key: `${base}usd-${period}:${w.id}:${scopeKey}`,
          limit: Math.round(usd * NANO_PER_USD),
          amount: amounts.nanoUsd,
          ttlMs: w.endsAt - amounts.now + SETTLE_GRACE_MS,
        },
      });
    }
  }
  return out;
}

export function needsTokens(rules: readonly Rule[]): boolean {
  return rules.some((r) => r.tokensPerMinute !== undefined || r.usdPerDay !== undefined || r.usdPerMonth !== undefined);
}

export function needsUsd(rules: readonly Rule[]): boolean {
  return rules.some((r) => r.usdPerDay !== undefined || r.usdPerMonth !== undefined);
}
