// Pure pieces: GCRA arithmetic, header formatting, calendar windows and option validation.

import { RequestContext } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { gcraCorrect, gcraFits, gcraLevel, gcraRemaining, gcraResetMs, gcraWaitMs } from '../src/gcra.js';
import { budgetWindow, compileRules, planCounters } from '../src/limit-rules.js';
import { QuotaOptionsSchema } from '../src/options.js';
import { formatDuration, rateLimitHeaders } from '../src/rate-limit-headers.js';

const W = 60_000;

describe('GCRA arithmetic (levels scaled by the window: units x ms)', () => {
  it('drains `limit` per ms, never below zero, and not when the clock steps back', () => {
    expect(gcraLevel(10 * W, 0, W / 2, 10)).toBe(5 * W);
    expect(gcraLevel(10 * W, 0, 2 * W, 10)).toBe(0);
    expect(gcraLevel(10 * W, 1_000, 500, 10)).toBe(10 * W);
  });

  it('3 per minute: a burst of 3, then one every 20 s (not 80 s)', () => {
    expect(gcraFits(2 * W, 1, 3, W)).toBe(true);
    expect(gcraFits(3 * W, 1, 3, W)).toBe(false);
    expect(gcraWaitMs(3 * W, 1, 3, W)).toBe(20_000);
    expect(gcraFits(gcraLevel(3 * W, 0, 20_000, 3), 1, 3, W)).toBe(true);
    expect(gcraFits(gcraLevel(3 * W, 0, 19_999, 3), 1, 3, W)).toBe(false);
  });

  it('waits exactly, never beyond the window, and never for what can never fit', () => {
    // 7 per minute (a window that does not divide evenly): the 7th of a burst fits, the 8th waits 8572 ms.
    expect(gcraFits(6 * W, 1, 7, W)).toBe(true);
    expect(gcraWaitMs(7 * W, 1, 7, W)).toBe(Math.ceil(W / 7));
    expect(gcraWaitMs(7 * W, 7, 7, W)).toBe(W);
    expect(gcraWaitMs(0, 8, 7, W)).toBeUndefined();
    expect(gcraWaitMs(3 * W, 1, 10, W)).toBe(0);
  });

  it('reports remaining units and the time until empty', () => {
    expect(gcraRemaining(W, 3, W)).toBe(2);
    expect(gcraRemaining(W + 1, 3, W)).toBe(1);
    expect(gcraRemaining(5 * W, 3, W)).toBe(0);
    expect(gcraResetMs(W, 3)).toBe(20_000);
    expect(gcraResetMs(0, 3)).toBe(0);
  });

  it('corrects within [0, one full window]', () => {
    expect(gcraCorrect(600 * W, -550, 1000, W)).toBe(50 * W);
    expect(gcraCorrect(50 * W, -100, 1000, W)).toBe(0);
    expect(gcraCorrect(900 * W, 500, 1000, W)).toBe(1000 * W);
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

describe('store keys and messages', () => {
  it('bound a caller-chosen scope value: long model names are keyed by digest and cut in messages', () => {
    const rules = compileRules([{ scope: 'model', requestsPerMinute: 1 }]);
    const plan = (model: string) => {
      const ctx = new RequestContext({ id: 'r', endpoint: 'chat' });
      ctx.requestedModel = model;
      return planCounters(rules, ctx, 'p:', { tokens: 0, nanoUsd: 0, leaseMember: 'm', leaseMs: 1_000, now: 0 })[0];
    };
    const a = plan(`${'x'.repeat(100_000)}a`);
    const b = plan(`${'x'.repeat(100_000)}b`);
    expect(a?.counter.key.length).toBeLessThan(128);
    expect(a?.counter.key).not.toBe(b?.counter.key);
    expect(a?.scope.length).toBeLessThan(300);
    expect(plan('gpt-4.1/mini')?.counter.key).toBe('p:model:rpm:gpt-4.1%2Fmini');
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
