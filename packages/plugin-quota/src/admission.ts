/**
 * @module Turns a store answer into what the client sees: the `x-ratelimit-*` statuses, and for a
 * refusal a 429 naming the limit that was hit, with `retry-after` when waiting can help.
 */
import { SwitchyardError } from '@switchyard/core';
import { budgetExceeded } from './errors.js';
import { gcraFits, gcraRemaining, gcraResetMs, gcraWaitMs } from './gcra.js';
import { NANO_PER_USD, type PlannedCounter } from './limit-rules.js';
import { type LimitStatus, rateLimitHeaders } from './rate-limit-headers.js';
import type { AdmitResult, CounterState } from './store.js';

/** Requests and tokens limits as they stand; `reserved`: after this request's reservation. */
export function limitStatuses(planned: readonly PlannedCounter[], result: AdmitResult, reserved: boolean): LimitStatus[] {
  const out: LimitStatus[] = [];
  planned.forEach((p, i) => {
    const c = p.counter;
    if (c.kind !== 'rate') return;
    const s = result.states[i] as CounterState;
    const level = reserved ? s.value + c.amount * c.windowMs : s.value;
    out.push({
      kind: p.metric === 'tokens' ? 'tokens' : 'requests',
      limit: c.limit,
      remaining: gcraRemaining(level, c.limit, c.windowMs),
      resetMs: gcraResetMs(level, c.limit),
    });
  });
  return out;
}

/**
 * Whether counting the input exactly could turn this refusal into an admission: every limit that
 * refused is one the input estimate feeds (tokens, USD), and each tokens limit has room for the output
 * reservation alone.
 */
export function inputMayBeTheObstacle(planned: readonly PlannedCounter[], result: AdmitResult, outputTokens: number): boolean {
  return planned.every((p, i) => {
    const s = result.states[i] as CounterState;
    if (s.ok) return true;
    const c = p.counter;
    if (c.kind === 'fixed') return true;
    return p.metric === 'tokens' && c.kind === 'rate' && gcraFits(s.value, outputTokens, c.limit, c.windowMs);
  });
}

export function usd(nano: number): string {
  const s = (nano / NANO_PER_USD).toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return `$${s}`;
}

/** Ms until this counter could admit the request; undefined when it never can. */
function waitMs(p: PlannedCounter, s: CounterState, wallNow: number): number | undefined {
  const c = p.counter;
  switch (c.kind) {
    case 'rate':
      return gcraWaitMs(s.value, c.amount, c.limit, c.windowMs);
    case 'fixed':
      return c.amount > c.limit ? undefined : Math.max(0, (p.windowEndsAt ?? wallNow) - wallNow);
    case 'lease':
      // Unknowable: a slot frees when some in-flight request ends.
      return 1000;
  }
}

export interface RequestAmounts {
  inputTokens: number;
  outputTokens: number;
}

function describe(p: PlannedCounter, s: CounterState, amounts: RequestAmounts, never: boolean): string {
  const c = p.counter;
  const name = p.rule.name;
  switch (p.metric) {
    case 'requests':
      return `Rate limit "${name}" exceeded: ${c.limit} requests per minute for ${p.scope}.`;
    case 'tokens': {
      const amount = c.kind === 'rate' ? c.amount : 0;
      const detail = `${amount} tokens (${amounts.inputTokens} estimated input + ${amounts.outputTokens} output reserved)`;
      return never
        ? `Request too large for rate limit "${name}": it reserves ${detail}, but ${p.scope} may use ${c.limit} tokens per minute; lower max_tokens.`
        : `Rate limit "${name}" exceeded: ${c.limit} tokens per minute for ${p.scope}; this request reserves ${detail}.`;
    }
    case 'concurrent':
      return `Concurrency limit "${name}" exceeded: ${c.limit} requests in flight for ${p.scope}.`;
    case 'usd-day':
    case 'usd-month': {
      const amount = c.kind === 'fixed' ? c.amount : 0;
      const period = p.metric === 'usd-day' ? 'day' : 'month';
      return never
        ? `Request too large for budget "${name}": it may cost up to ${usd(amount)}, but ${p.scope} may spend ${usd(c.limit)} per ${period}; lower max_tokens.`
        : `Budget "${name}" exceeded: ${usd(c.limit)} per ${period} for ${p.scope}, ${usd(s.value)} spent or reserved; this request may cost up to ${usd(amount)}.`;
    }
  }
}

/** The 429 for a refused admit: the first limit hit names the error; retry-after covers all of them. */
export function denial(planned: readonly PlannedCounter[], result: AdmitResult, amounts: RequestAmounts, wallNow: number): SwitchyardError {
  const failed = planned.map((p, i) => ({ p, s: result.states[i] as CounterState })).filter((f) => !f.s.ok);
  let retryMs: number | undefined = 0;
  for (const f of failed) {
    const w = waitMs(f.p, f.s, wallNow);
    retryMs = w === undefined || retryMs === undefined ? undefined : Math.max(retryMs, w);
  }
  const first = failed[0];
  const headers = rateLimitHeaders(limitStatuses(planned, result, false));
  if (!first) return new SwitchyardError('SY_ERR_RATE_LIMITED', 'Rate limit exceeded', { headers });
  const never = waitMs(first.p, first.s, wallNow) === undefined;
  let message = describe(first.p, first.s, amounts, never);
  if (failed.length > 1) message += ` (${failed.length - 1} more limit${failed.length > 2 ? 's' : ''} also exceeded)`;
  const retryAfter = retryMs === undefined ? undefined : retryMs / 1000;
  if (retryAfter !== undefined) message += ` Retry in ${Math.max(1, Math.ceil(retryAfter))}s.`;
  const budget = first.p.metric === 'usd-day' || first.p.metric === 'usd-month';
  return budget
    ? budgetExceeded(message, { retryAfter, headers })
    : new SwitchyardError('SY_ERR_RATE_LIMITED', message, { retryAfter, headers });
}
