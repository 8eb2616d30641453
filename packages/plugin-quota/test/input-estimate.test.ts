// The input estimate on the hot path: a linear upper bound (UTF-8 bytes) for every request, the o200k
// count only when that bound is what stands in the way of a limit, and then only for prompts small
// enough to count in bounded time. Huge prompts are decided in well under a second, and a limit is
// still exact once requests have settled to their real usage.
import { type ChatRequest, definePlugin, type Gateway, Stage, SwitchyardError } from '@switchyard/core';
import { createTestGateway } from '@switchyard/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type QuotaLimitInput, quotaPlugin } from '../src/index.js';
import { exactInputTokens, inputTokenBound } from '../src/token-estimate.js';
import { inputTokens } from './helpers.js';

/** An admit tap after quota that stops every request quota let through, so no upstream work is timed. */
const stopAfterQuota = definePlugin({
  name: 'stop-after-quota',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw) {
    gw.hooks.admit.tap(
      { name: 'stop-after-quota', stage: Stage.OBSERVE },
      () => new SwitchyardError('SY_ERR_FORBIDDEN', 'admitted by quota'),
    );
  },
});

const open: Gateway[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((g) => g.close()));
});

async function gateway(limits: QuotaLimitInput[]): Promise<Gateway> {
  const gw = await createTestGateway({ plugins: [[quotaPlugin, { limits }], stopAfterQuota] });
  open.push(gw);
  return gw;
}

/** Quota's decision on one request, and how long it took. */
async function decide(gw: Gateway, content: string): Promise<{ decision: 'admitted' | 'refused'; ms: number; message: string }> {
  const t0 = performance.now();
  const err = (await gw
    .chat({ model: 'test', messages: [{ role: 'user', content }], max_tokens: 10 })
    .catch((e: unknown) => e)) as SwitchyardError;
  const ms = performance.now() - t0;
  if (err.code === 'SY_ERR_FORBIDDEN') return { decision: 'admitted', ms, message: err.message };
  expect(err.code).toBe('SY_ERR_RATE_LIMITED');
  return { decision: 'refused', ms, message: err.message };
}

const WORDS = ['gateway', 'quota', 'token', 'limit', 'the', 'of', 'request', 'stream', 'budget', 'minute', 'settle', 'exact'];
/** Deterministic English-like prose of `n` characters. */
function prose(n: number): string {
  let out = '';
  for (let x = 7; out.length < n; x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) out += `${WORDS[x % WORDS.length]} `;
  return out.slice(0, n);
}

const CJK = '漢字仮名交じり文日本語中文';
const cjk = (n: number) => CJK.repeat(Math.ceil(n / CJK.length)).slice(0, n);

describe('huge prompts are decided in bounded time', () => {
  it.each([
    ['CJK', cjk(3_000_000)],
    ['one repeated letter', 'a'.repeat(3_000_000)],
  ])('3M characters of %s: refused by a tight limit, admitted by a roomy one, each within a second', async (_what, text) => {
    const tight = await gateway([{ scope: 'global', tokensPerMinute: 100_000 }]);
    const refused = await decide(tight, text);
    expect(refused.decision).toBe('refused');
    expect(refused.ms).toBeLessThan(1_000);
    expect(refused.message).toMatch(/Request too large for rate limit/);
    const roomy = await gateway([{ scope: 'global', tokensPerMinute: 50_000_000 }]);
    const admitted = await decide(roomy, text);
    expect(admitted.decision).toBe('admitted');
    expect(admitted.ms).toBeLessThan(1_000);
  });

  it.each([
    ['CJK', cjk(60_000)],
    ['one repeated letter', 'a'.repeat(180_000)],
  ])('180 KB of %s near a limit (its bound does not fit, its count might) is decided within a second', async (_what, text) => {
    const gw = await gateway([{ scope: 'global', tokensPerMinute: 100_000 }]);
    expect(inputTokenBound({ model: 'test', messages: [{ role: 'user', content: text }] })).toBeGreaterThan(100_000);
    const r = await decide(gw, text);
    expect(r.ms).toBeLessThan(1_000);
  });

  it('a 100 KB English prompt near a limit is counted and admitted, since it fits', async () => {
    const text = prose(100_000);
    const req: ChatRequest = { model: 'test', messages: [{ role: 'user', content: text }] };
    const exact = await inputTokens(req);
    // The bound (100,000) does not fit 60,000 tokens; the o200k count (about a fifth of it) does.
    expect(inputTokenBound(req)).toBeGreaterThan(60_000);
    expect(exact + 10).toBeLessThan(60_000);
    // Quota counts every piece; core's usage estimate samples texts beyond 32K characters: they agree within 1 %.
    const counted = (await exactInputTokens(req, inputTokenBound(req))) ?? Number.NaN;
    expect(Math.abs(counted - exact) / exact).toBeLessThan(0.01);
    const r = await decide(await gateway([{ scope: 'global', tokensPerMinute: 60_000 }]), text);
    expect(r.decision).toBe('admitted');
    expect(r.ms).toBeLessThan(1_000);
  });
});

describe('the bound', () => {
  it('is never below the o200k count, nor the budgeted exact count above it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { minLength: 1, maxLength: 4 }), async (contents) => {
        const req: ChatRequest = { model: 'x', messages: contents.map((content) => ({ role: 'user' as const, content })) };
        const bound = inputTokenBound(req);
        expect(bound).toBeGreaterThanOrEqual(await inputTokens(req));
        expect(await exactInputTokens(req, bound)).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300 },
    );
  });
});

describe('exact after settle', () => {
  it('a tokens limit admits exactly what is left once earlier requests settled, and not one token more', async () => {
    // A frozen clock: the bucket does not drain while the test runs, so "what is left" is exact.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 0, 1) });
    const remaining: (string | undefined)[] = [];
    const gw = await createTestGateway({
      plugins: [
        [quotaPlugin, { limits: [{ scope: 'global', tokensPerMinute: 1_000 }] }],
        definePlugin({
          name: 'remaining-probe',
          version: '1.0.0',
          core: '^1',
          config: z.object({}),
          apply(g) {
            g.hooks.admit.tap({ name: 'remaining-probe', stage: Stage.OBSERVE }, (_req, ctx) => {
              remaining.push(ctx.responseHeaders['x-ratelimit-remaining-tokens']);
              return undefined;
            });
          },
        }),
      ],
    });
    open.push(gw);
    const messages = [{ role: 'user' as const, content: 'count these few words please' }];
    let used = 0;
    for (let i = 0; i < 2; i++) used += (await gw.chat({ model: 'test', messages, max_tokens: 400 })).usage?.total_tokens ?? 0;
    const input = await inputTokens({ messages });
    const left = 1_000 - used;
    const over = await gw.chat({ model: 'test', messages, max_tokens: left - input + 1 }).catch((e: unknown) => e as SwitchyardError);
    expect(over).toMatchObject({ code: 'SY_ERR_RATE_LIMITED' });
    expect((over as SwitchyardError).message).toContain(
      `this request reserves ${left + 1} tokens (${input} estimated input + ${left - input + 1} output reserved)`,
    );
    await expect(gw.chat({ model: 'test', messages, max_tokens: left - input })).resolves.toMatchObject({ object: 'chat.completion' });
    // That reservation filled the limit to the last token.
    expect(remaining.at(-1)).toBe('0');
  });
});
