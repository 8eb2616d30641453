/**
 * @module `x-ratelimit-*` headers in OpenAI's naming: limit, remaining and reset for requests and for
 * tokens, from the most constraining limit of each kind. Resets use OpenAI's duration format
 * (`120ms`, `1s`, `6m0s`).
 */

export interface LimitStatus {
  kind: 'requests' | 'tokens';
  limit: number;
  remaining: number;
  resetMs: number;
}

/** Go-style durations, as OpenAI sends them: `12ms`, `1.5s`, `6m0s`, `1h0m0s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Number(((total % 60_000) / 1000).toFixed(3));
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

export function rateLimitHeaders(statuses: readonly LimitStatus[]): Record<string, string> {
  const tightest = new Map<LimitStatus['kind'], LimitStatus>();
  for (const s of statuses) {
    const t = tightest.get(s.kind);
    if (!t || s.remaining < t.remaining || (s.remaining === t.remaining && s.resetMs > t.resetMs)) tightest.set(s.kind, s);
  }
  const h: Record<string, string> = {};
  for (const [kind, s] of tightest) {
    h[`x-ratelimit-limit-${kind}`] = String(s.limit);
    h[`x-ratelimit-remaining-${kind}`] = String(s.remaining);
    h[`x-ratelimit-reset-${kind}`] = formatDuration(s.resetMs);
  }
  return h;
}
