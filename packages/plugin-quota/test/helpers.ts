// Real servers for the quota plugin's end-to-end tests: the mock provider in-process, the quota
// plugin, and small test plugins (a header-driven principal, a fixed price catalog).
import {
  type ChatRequest,
  definePlugin,
  estimateUsage,
  type PluginDefinition,
  type PriceCatalog,
  Stage,
  type Usage,
} from '@switchyard/core';
import { mockProvider } from '@switchyard/provider-mock';
import { createServer, type SwitchyardServer } from '@switchyard/server';
import { expect } from 'vitest';
import { z } from 'zod';
import { type QuotaOptionsInput, quotaPlugin } from '../src/index.js';
import { inputTokenBound } from '../src/token-estimate.js';

export const MODELS = {
  fast: { provider: 'mock', model: 'echo' },
  slow: { provider: 'mock', model: 'echo+chunks-20+delay-20' },
  slower: { provider: 'mock', model: 'echo+chunks-20+delay-50' },
  lorem: { provider: 'mock', model: 'lorem-200' },
  embed: { provider: 'mock', model: 'embed' },
};

/** Sets the principal from `x-test-key` / `x-test-team` / `x-test-user` (stands in for plugin-auth). */
export const headerAuth = definePlugin({
  name: 'test-auth',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw: any) {
    gw.hooks.admit.tap({ name: 'test-auth', stage: Stage.AUTH }, (_req: unknown, ctx: any) => {
      const user = ctx.header('x-test-user');
      if (user) ctx.principal = { keyId: ctx.header('x-test-key') ?? `key-${user}`, team: ctx.header('x-test-team') ?? 'team', user };
      return undefined;
    });
  },
});

/** USD per 1M tokens for every model of every provider. */
export const PRICE = { input: 10, output: 30 };

export function usdCost(usage: Pick<Usage, 'prompt_tokens' | 'completion_tokens'>): number {
  return (usage.prompt_tokens * PRICE.input + usage.completion_tokens * PRICE.output) / 1e6;
}

export const testCatalog: PriceCatalog = {
  price: (_provider, model) => (model.includes('free') ? undefined : { ...PRICE }),
  cost: (provider, model, usage) =>
    testCatalog.price(provider, model) ? { usd: usdCost(usage), priced: true } : { usd: 0, priced: false },
};

/** Registers `priceCatalog` as plugin-cost does. */
export const testPrices = definePlugin({
  name: 'test-prices',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw: any) {
    gw.container.register('priceCatalog', { resolve: () => testCatalog, isLeakSafe: true });
  },
});

export interface Running {
  url: string;
  baseURL: string;
  server: SwitchyardServer;
  close(): Promise<void>;
}

export async function startQuotaServer(quota: QuotaOptionsInput, extra: PluginDefinition[] = [headerAuth]): Promise<Running> {
  const plugins: Record<string, unknown> = { quota };
  for (const p of extra) plugins[p.name] = {};
  const server = await createServer({
    config: { server: { port: 0, logLevel: 'silent' }, providers: { mock: { type: 'mock' } }, models: MODELS, plugins },
    providers: [mockProvider],
    plugins: [quotaPlugin, ...extra],
  });
  const url = await server.listen();
  return { url, baseURL: `${url}/v1`, server, close: () => server.close() };
}

export interface Reply {
  status: number;
  headers: Headers;
  json: any;
}

export async function chat(base: Running, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${base.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hello there' }], ...body }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

export interface Burst {
  /** How many replies got each status. */
  statuses: Record<number, number>;
  elapsedMs: number;
}

/** Fires all at once; resolves with how many got each status, and how long the burst took. */
export async function burst(n: number, send: (i: number) => Promise<Reply>): Promise<Burst> {
  const t0 = performance.now();
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  const statuses: Record<number, number> = {};
  for (const r of replies) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { statuses, elapsedMs: performance.now() - t0 };
}

/**
 * Per-minute limits are GCRA buckets that refill continuously: a burst admits the limit at once,
 * plus what refilled while it ran, never more. Returns how many were admitted.
 */
export function expectRateLimited(b: Burst, n: number, perMinute: number): number {
  const admitted = b.statuses[200] ?? 0;
  expect(admitted).toBeGreaterThanOrEqual(perMinute);
  expect(admitted).toBeLessThanOrEqual(perMinute + refilled(perMinute, b.elapsedMs));
  expect(b.statuses).toEqual({ 200: admitted, 429: n - admitted });
  return admitted;
}

export async function eventually(check: () => Promise<boolean> | boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Core's o200k input estimate for a chat request: what the plugin counts when a limit is close. */
export async function inputTokens(req: Pick<ChatRequest, 'messages'> & Partial<ChatRequest>): Promise<number> {
  return (await estimateUsage({ model: 'x', ...req } as ChatRequest, '')).prompt_tokens;
}

/** The plugin's cheap upper bound on a chat request's input: what it reserves when a limit has room. */
export function inputBound(req: Pick<ChatRequest, 'messages'> & Partial<ChatRequest>): number {
  return inputTokenBound({ model: 'x', ...req } as ChatRequest);
}

/** Per-minute limits refill continuously (GCRA): beyond the burst, at most this many more fit in `elapsedMs`. */
export function refilled(limit: number, elapsedMs: number): number {
  return Math.floor((elapsedMs * limit) / 60_000);
}

export const uniquePrefix = () => `test:${Math.random().toString(36).slice(2)}:`;
