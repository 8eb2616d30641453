// The price catalog: dated-id matching, config overrides, cost arithmetic, the shipped data's sanity.
import { definePlugin, type Gateway, type PriceCatalog, Services } from '@switchyard/core';
import { openaiProvider } from '@switchyard/provider-openai';
import { createTestGateway, startFakeOpenAI } from '@switchyard/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOG_AS_OF, computeCost, costPlugin, createPriceCatalog, getCostHooks, modelIdVariants, PRICE_DATA } from '../src/index.js';
import { chat } from './helpers.js';

const types: Record<string, string> = {
  oa: 'openai',
  ant: 'anthropic',
  gem: 'google',
  mis: 'mistral',
  m: 'mock',
  local: 'openai-compatible',
};
const catalog = (prices = {}) => createPriceCatalog({ prices, providerType: (n) => types[n] });

describe('model id matching', () => {
  it.each([
    ['oa', 'gpt-4.1-2025-04-14', 'catalog:openai/gpt-4.1'],
    ['oa', 'gpt-4.1-mini', 'catalog:openai/gpt-4.1-mini'],
    ['oa', 'gpt-4o-2024-05-13', 'catalog:openai/gpt-4o-2024-05-13'],
    ['oa', 'gpt-4o-2024-08-06', 'catalog:openai/gpt-4o'],
    ['oa', 'gpt-6.2-sol', 'catalog:openai/gpt-6.2-sol'],
    ['ant', 'claude-sonnet-4-5-20250929', 'catalog:anthropic/claude-sonnet-4-5'],
    ['ant', 'claude-sonnet-4-20250514', 'catalog:anthropic/claude-sonnet-4-0'],
    ['ant', 'claude-3-5-haiku-20241022', 'catalog:anthropic/claude-3-5-haiku'],
    ['ant', 'claude-sonnet-4.5', 'catalog:anthropic/claude-sonnet-4-5'],
    ['ant', 'claude-sonnet-4-5@20250929', 'catalog:anthropic/claude-sonnet-4-5'],
    ['ant', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'catalog:anthropic/claude-sonnet-4-5'],
    ['gem', 'models/gemini-2.5-pro', 'catalog:google/gemini-2.5-pro'],
    ['gem', 'gemini-2.5-flash-preview-09-2025', 'catalog:google/gemini-2.5-flash'],
    ['gem', 'gemini-2.0-flash-001', 'catalog:google/gemini-2.0-flash'],
    ['mis', 'codestral-2508', 'catalog:mistral/codestral'],
    ['mis', 'mistral-large-2411', 'catalog:mistral/mistral-large-2411'],
    ['mis', 'mistral-medium-latest', 'catalog:mistral/mistral-medium-3-5'],
    ['m', 'echo+delay-20', 'catalog:mock/*'],
  ])('%s %s -> %s', (provider, model, source) => {
    expect(catalog().resolve(provider, model)?.source).toBe(source);
  });

  it('never guesses a variant from a prefix: unknown tails stay unpriced', () => {
    const c = catalog();
    expect(c.price('oa', 'gpt-4.1-turbo-preview')).toBeUndefined();
    expect(c.price('oa', 'gpt-6-astra-pro')).toBeUndefined();
    expect(c.price('mis', 'mistral-large-latest')).toBeUndefined();
    expect(c.price('local', 'llama3.1')).toBeUndefined();
    expect(c.cost('oa', 'gpt-unknown', { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 })).toEqual({ usd: 0, priced: false });
  });

  it('lists the name first, then each stripped form', () => {
    expect(modelIdVariants('us.anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual([
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      'claude-haiku-4-5-20251001-v1:0',
      'claude-haiku-4-5-20251001',
      'claude-haiku-4-5',
    ]);
  });

  it('accepts a provider type where a provider name is expected', () => {
    expect(catalog().price('openai', 'gpt-4.1')).toMatchObject({ input: 2, output: 8 });
  });
});

describe('config prices', () => {
  it('win over the catalog: provider name first, then type, exact before glob', () => {
    const c = catalog({
      'oa/gpt-4.1': { input: 1, output: 1 },
      'openai/gpt-4.1': { input: 2, output: 2 },
      'openai/gpt-4.1-mini': { input: 3, output: 3 },
      'openai/ft:*': { input: 4, output: 4 },
      'local/*': { input: 0, output: 0 },
    });
    expect(c.resolve('oa', 'gpt-4.1-2025-04-14')).toMatchObject({ source: 'oa/gpt-4.1', price: { input: 1 } });
    expect(c.resolve('oa', 'gpt-4.1-mini')).toMatchObject({ source: 'openai/gpt-4.1-mini' });
    expect(c.resolve('oa', 'ft:gpt-4.1:acme:x1')).toMatchObject({ source: 'openai/ft:*' });
    expect(c.resolve('local', 'llama3.1')).toMatchObject({ source: 'local/*', price: { input: 0 } });
    expect(c.resolve('oa', 'gpt-4o')?.source).toBe('catalog:openai/gpt-4o');
  });

  it('overrides the mock zero price', () => {
    expect(catalog({ 'mock/*': { input: 5, output: 6 } }).price('m', 'echo')).toMatchObject({ input: 5, output: 6 });
  });
});

describe('computeCost', () => {
  it('prices uncached, cached and cache-write input separately', () => {
    const price = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 };
    const usage = {
      prompt_tokens: 3_100,
      completion_tokens: 50,
      total_tokens: 3_150,
      prompt_tokens_details: { cached_tokens: 1_000, cache_creation_tokens: 2_000 },
    };
    expect(computeCost(price, usage)).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 2_000 * 3.75 + 50 * 15) / 1e6, 12);
  });

  it('defaults cached and cache-write rates to the input rate', () => {
    const usage = { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110, prompt_tokens_details: { cached_tokens: 40 } };
    expect(computeCost({ input: 1, output: 2 }, usage)).toBeCloseTo((100 * 1 + 10 * 2) / 1e6, 12);
  });

  it('switches the whole request to the long-context tier above its threshold', () => {
    const price = PRICE_DATA.google?.models['gemini-2.5-pro'];
    if (!price) throw new Error('missing');
    const short = computeCost(price, { prompt_tokens: 200_000, completion_tokens: 1_000, total_tokens: 201_000 });
    const long = computeCost(price, { prompt_tokens: 200_001, completion_tokens: 1_000, total_tokens: 201_001 });
    expect(short).toBeCloseTo((200_000 * 1.25 + 1_000 * 10) / 1e6, 10);
    expect(long).toBeCloseTo((200_001 * 2.5 + 1_000 * 15) / 1e6, 10);
  });

  it('clamps inconsistent details instead of pricing negative tokens', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 0, total_tokens: 10, prompt_tokens_details: { cached_tokens: 50 } };
    expect(computeCost({ input: 1, cachedInput: 0.5, output: 1 }, usage)).toBeCloseTo((10 * 0.5) / 1e6, 12);
  });
});

describe('shipped catalog', () => {
  it('is dated and covers OpenAI, Anthropic, Google, Mistral and the mock', () => {
    expect(CATALOG_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const type of ['openai', 'anthropic', 'google', 'mistral', 'mock']) {
      expect(Object.keys(PRICE_DATA[type]?.models ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('has sane numbers: non-negative, cached <= input, aliases resolve', () => {
    for (const [type, table] of Object.entries(PRICE_DATA)) {
      for (const [id, p] of Object.entries(table.models)) {
        const where = `${type}/${id}`;
        expect(p.input, where).toBeGreaterThanOrEqual(0);
        expect(p.output, where).toBeGreaterThanOrEqual(0);
        expect(p.cachedInput ?? p.input, where).toBeLessThanOrEqual(p.input);
        if (p.longContext) expect(p.longContext.input, where).toBeGreaterThanOrEqual(p.input);
      }
      for (const [alias, target] of Object.entries(table.aliases ?? {})) expect(table.models[target], `${type}/${alias}`).toBeDefined();
    }
  });
});

describe('plugin wiring', () => {
  it('registers the priceCatalog service for other plugins (quota budgets)', async () => {
    const gw = await createTestGateway({
      plugins: [[costPlugin, { path: ':memory:', prices: { 'mock/echo': { input: 1, output: 2 } } }]],
      config: { providers: { primary: { type: 'openai', apiKey: 'sk-test' } } },
      providers: [openaiProvider],
    });
    try {
      const catalog = gw.container.resolve<PriceCatalog>(Services.priceCatalog);
      expect(catalog.price('primary', 'gpt-4.1-2025-04-14')).toMatchObject({ input: 2, output: 8 });
      expect(catalog.cost('mock', 'echo', { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 })).toEqual({
        usd: 3,
        priced: true,
      });
      expect(catalog.cost('primary', 'gpt-nope', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }).priced).toBe(false);
    } finally {
      await gw.close();
    }
  });

  it('exposes its own hooks: every recorded row, every unpriced request', async () => {
    const rows: { status: string; costUsd: number | null }[] = [];
    const unpriced: string[] = [];
    const observer = definePlugin<unknown, Gateway>({
      name: 'observer',
      version: '1.0.0',
      core: '^1',
      dependencies: ['cost'],
      config: z.object({}),
      apply(gw) {
        getCostHooks(gw).recorded.tap('observer', (row) => rows.push({ status: row.status, costUsd: row.costUsd }));
        getCostHooks(gw).unpriced.tap('observer', ({ provider, model }) => unpriced.push(`${provider}/${model}`));
      },
    });
    const up = await startFakeOpenAI();
    const gw = await createTestGateway({
      plugins: [observer, [costPlugin, { path: ':memory:', prices: { 'mock/echo': { input: 1, output: 1 } } }]],
      config: {
        providers: {
          primary: { type: 'openai', apiKey: 'sk-test', baseUrl: up.baseUrl },
          dead: { type: 'openai', apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1' },
        },
        router: { retries: 0 },
      },
      providers: [openaiProvider],
    });
    try {
      await gw.chat(chat('test'));
      await gw.chat(chat('primary/gpt-nope'));
      await gw.chat(chat('dead/gpt-4.1')).catch(() => {});
    } finally {
      await gw.close();
      await up.close();
    }
    expect(rows).toEqual([
      { status: 'success', costUsd: 8 / 1e6 },
      { status: 'success', costUsd: null },
      { status: 'error', costUsd: 0 },
    ]);
    expect(unpriced).toEqual(['primary/gpt-nope']);
  });

  it.each([
    [{ prices: { 'gpt-4.1': { input: 1, output: 1 } } }, /plugins\.cost\.prices.*provider name or type/],
    [{ prices: { 'openai/gpt-4.1': { input: -1, output: 1 } } }, /plugins\.cost\.prices/],
    [{ store: 'postgres' }, /plugins\.cost\.url.*needs `url`/],
    [{ batchSize: 0 }, /plugins\.cost\.batchSize/],
  ])('refuses invalid options at boot with the key path: %j', async (options, message) => {
    const err = await createTestGateway({ plugins: [[costPlugin, options]] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_PLUGIN_CONFIG' });
    expect((err as Error).message).toMatch(message);
  });
});
