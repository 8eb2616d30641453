// Pure pieces: sliding-window arithmetic, header formatting, calendar windows and option validation.
import { describe, expect, it } from 'vitest';
import { budgetWindow } from '../src/limit-rules.js';
import { QuotaOptionsSchema } from '../src/options.js';
import { formatDuration, rateLimitHeaders } from '../src/rate-limit-headers.js';
import { slidingCount, slidingResetMs, slidingWaitMs } from '../src/sliding-window.js';

const W = 60_000;

describe('sliding window arithmetic', () => {
  it('weights the previous window by its remaining overlap', () => {
    expect(slidingCount(10, 4, 0, W)).toBe(14);
    expect(slidingCount(10, 4, W / 2, W)).toBe(9);
    expect(slidingCount(10, 4, W, W)).toBe(4);
  });

  it('waits for the previous window to slide out when this one has room', () => {
    // 10 from the previous window, 0 now, limit 10: one more fits once 1 of the 10 has slid out (6 s).
    const wait = slidingWaitMs(10, 0, 0, W, 1, 10) as number;
    expect(wait).toBe(6_000);
    expect(slidingCount(10, 0, wait, W) + 1).toBeLessThanOrEqual(10);
    expect(slidingCount(10, 0, wait - 1, W) + 1).toBeGreaterThan(10);
  });

  it('waits into the next window when this one is full', () => {
    // This window holds 10 of 10 at 15 s in: at the next window they weigh 10, and 1 fits 6 s later.
    expect(slidingWaitMs(0, 10, 15_000, W, 1, 10)).toBe(45_000 + 6_000);
    expect(slidingWaitMs(0, 0, 0, W, 11, 10)).toBeUndefined();
    expect(slidingWaitMs(3, 2, 0, W, 1, 10)).toBe(0);
  });

  it('resets when both windows have slid out', () => {
    expect(slidingResetMs(0, 1, 10_000, W)).toBe(110_000);
    expect(slidingResetMs(5, 0, 10_000, W)).toBe(50_000);
    expect(slidingResetMs(0, 0, 10_000, W)).toBe(0);
  });
});

describe('rate-limit headers', () => {
  it('formats durations as OpenAI does', () => {
    expect(formatDuration(12)).toBe('12ms');
    expect(formatDuration(0.2)).toBe('1ms');
    expect(formatDuration(1_000)).toBe('1s');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(360_000)).toBe('6m0s');
    expect(formatDuration(61_250)).toBe('1m1.25s');
    expect(formatDuration(3_723_000)).toBe('1h2m3s');
  });

  it('reports the most constraining limit of each kind', () => {
    const h = rateLimitHeaders([
      { kind: 'requests', limit: 100, remaining: 40, resetMs: 1_000 },
      { kind: 'requests', limit: 10, remaining: 3, resetMs: 2_000 },
      { kind: 'tokens', limit: 1_000, remaining: 900, resetMs: 500 },
    ]);
    expect(h).toEqual({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '3',
      'x-ratelimit-reset-requests': '2s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '900',
      'x-ratelimit-reset-tokens': '500ms',
    });
    expect(rateLimitHeaders([])).toEqual({});
  });
});

describe('budget windows', () => {
  it('are UTC days and months', () => {
    const t = Date.UTC(2025, 11, 31, 23, 59, 59);
    expect(budgetWindow('day', t).endsAt).toBe(Date.UTC(2026, 0, 1));
    expect(budgetWindow('month', t)).toEqual({ id: '2025-12', endsAt: Date.UTC(2026, 0, 1) });
    expect(budgetWindow('month', Date.UTC(2024, 1, 10)).endsAt).toBe(Date.UTC(2024, 2, 1));
  });
});

describe('options', () => {
  it('defaults to the memory store, fail-open, no limits', () => {
    expect(QuotaOptionsSchema.parse({})).toMatchObject({ store: 'memory', failMode: 'open', limits: [], defaultOutputTokens: 4096 });
  });

  it('names what is wrong', () => {
    const issues = (o: unknown) => QuotaOptionsSchema.safeParse(o).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ store: 'redis' })).toEqual(['redisUrl: required with store: redis']);
    expect(issues({ limits: [{ scope: 'team' }] })[0]).toMatch(/set at least one of requestsPerMinute/);
    expect(
      issues({
        limits: [
          { scope: 'team', requestsPerMinute: 1 },
          { scope: 'team', concurrent: 1 },
        ],
      }),
    ).toEqual(['limits.1.name: limits[0] and limits[1] are both named "team": give each a distinct name']);
    expect(issues({ limits: [{ scope: 'tenant', requestsPerMinute: 1 }] })[0]).toMatch(/^limits\.0\.scope/);
    expect(issues({ limits: [{ scope: ['team', 'model'], requestsPerMinute: 1, match: { endpoint: 'chat', team: ['a', 'b'] } }] })).toEqual(
      [],
    );
  });
});
