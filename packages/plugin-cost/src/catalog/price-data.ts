/**
 * @module The shipped price catalog: list prices in USD per 1M tokens, keyed by provider type and
 * model id. Data only; lookup rules live in `price-catalog.ts`. Update `CATALOG_AS_OF` and the
 * sources whenever a price changes. Config (`plugins.cost.prices`) always wins over this table.
 */
import type { ModelPrice } from '@switchyard/core';

/** Rates that apply to the whole request once its prompt exceeds `above` tokens. */
export interface LongContextPrice {
  /** Prompt tokens (cached and cache-write tokens included) above which these rates apply. */
  above: number;
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
}

/** A catalog price: core's `ModelPrice` plus an optional long-context tier. */
export interface CatalogPrice extends ModelPrice {
  longContext?: LongContextPrice;
}

export interface ProviderPrices {
  /** Model id -> price. `*` prices every model of the provider type. */
  models: Readonly<Record<string, CatalogPrice>>;
  /** Moving aliases -> catalog model id (`mistral-medium-latest` -> `mistral-medium-3-5`). */
  aliases?: Readonly<Record<string, string>>;
}

/** The date these prices were last checked against the providers' pricing pages. */
export const CATALOG_AS_OF = '2026-11-23';

export const CATALOG_SOURCES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  openai: ['https://developers.openai.com/api/docs/pricing', 'https://developers.openai.com/api/docs/models'],
  anthropic: ['https://platform.claude.com/docs/en/about-claude/pricing', 'https://platform.claude.com/docs/en/models'],
  google: ['https://ai.google.dev/gemini-api/docs/pricing'],
  mistral: ['https://mistral.ai/pricing', 'https://docs.mistral.ai/getting-started/models'],
});

/** OpenAI's GPT-6 / GPT-5.x long-context rule: above 272K prompt tokens, 2x input and cache, 1.5x output. */
function openaiLong(p: ModelPrice): CatalogPrice {
  const long: LongContextPrice = { above: 272_000, input: p.input * 2, output: p.output * 1.5 };
  if (p.cachedInput !== undefined) long.cachedInput = p.cachedInput * 2;
  if (p.cacheWrite !== undefined) long.cacheWrite = p.cacheWrite * 2;
  return { ...p, longContext: long };
}

const openai: ProviderPrices = {
  models: {
    'gpt-6.2-astra': openaiLong({ input: 8, cachedInput: 0.4, cacheWrite: 10, output: 40 }),
    'gpt-6.2-sol': openaiLong({ input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 }),
    'gpt-6.1-sol': openaiLong({ input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 }),
    'gpt-6-astra': openaiLong({ input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 }),
    'gpt-6-sol': openaiLong({ input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 }),
    'gpt-6-luna': openaiLong({ input: 0.1, cachedInput: 0.01, cacheWrite: 0.125, output: 0.5 }),
    'gpt-5.6-sol': openaiLong({ input: 4, cachedInput: 0.4, cacheWrite: 5, output: 20 }),
    'gpt-5.6-terra': openaiLong({ input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 12 }),
    'gpt-5.6-luna': openaiLong({ input: 0.2, cachedInput: 0.02, cacheWrite: 0.25, output: 1.2 }),
    'gpt-5.5': openaiLong({ input: 5, cachedInput: 0.5, output: 30 }),
    'gpt-5.5-pro': { input: 30, output: 180 },
    'gpt-5.4': openaiLong({ input: 2.5, cachedInput: 0.25, output: 15 }),
    'gpt-5.4-pro': { input: 30, output: 180 },
    'gpt-5.4-mini': { input: 0.75, cachedInput: 0.075, output: 4.5 },
    'gpt-5.4-nano': { input: 0.2, cachedInput: 0.02, output: 1.25 },
    'gpt-5.2': { input: 1.75, cachedInput: 0.175, output: 14 },
    'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
    'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
    'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
    'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
    'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
    'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
    'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
    'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
    'gpt-4o-2024-05-13': { input: 5, output: 15 },
    'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
    o1: { input: 15, cachedInput: 7.5, output: 60 },
    o3: { input: 2, cachedInput: 0.5, output: 8 },
    'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
    'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
    'text-embedding-3-small': { input: 0.02, output: 0 },
    'text-embedding-3-large': { input: 0.13, output: 0 },
    'text-embedding-ada-002': { input: 0.1, output: 0 },
  },
};

/** Anthropic: `cachedInput` = cache hits and refreshes, `cacheWrite` = 5-minute cache writes. */
const anthropic: ProviderPrices = {
  models: {
    'claude-fable-5-1': { input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
    'claude-mythos-5-1': { input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
    'claude-fable-5': { input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 },
    'claude-mythos-5': { input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 },
    'claude-opus-5-5': { input: 4, cachedInput: 0.2, cacheWrite: 5, output: 20 },
    'claude-opus-5': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    'claude-opus-4-8': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    'claude-opus-4-7': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    'claude-opus-4-6': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    'claude-opus-4-5': { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    'claude-opus-4-1': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    'claude-opus-4-0': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    'claude-sonnet-5-5': { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
    'claude-sonnet-5': { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
    'claude-sonnet-4-6': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    'claude-sonnet-4-5': {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      longContext: { above: 200_000, input: 6, cachedInput: 0.6, cacheWrite: 7.5, output: 22.5 },
    },
    'claude-sonnet-4-0': {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      longContext: { above: 200_000, input: 6, cachedInput: 0.6, cacheWrite: 7.5, output: 22.5 },
    },
    'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    'claude-haiku-5-5': {
      input: 0.1,
      cachedInput: 0.01,
      cacheWrite: 0.125,
      output: 0.5,
      longContext: { above: 100_000, input: 0.5, cachedInput: 0.05, cacheWrite: 0.625, output: 2.5 },
    },
    'claude-haiku-4-5': { input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
    'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4 },
    'claude-3-haiku': { input: 0.25, cachedInput: 0.03, cacheWrite: 0.3, output: 1.25 },
    'claude-3-opus': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  },
  aliases: {
    'claude-opus-4': 'claude-opus-4-0',
    'claude-sonnet-4': 'claude-sonnet-4-0',
  },
};

/** Gemini Developer API, paid tier. `cachedInput` = context-cache reads (storage is billed separately). */
const google: ProviderPrices = {
  models: {
    // Introductory price through 2026-12-31; $1.50 / $7.50 / $0.15 from 2027-01-01.
    'gemini-3.8-flash': { input: 0.75, cachedInput: 0.075, output: 3.75 },
    'gemini-3.6-flash': { input: 0.75, cachedInput: 0.075, output: 3.75 },
    'gemini-3.5-flash': { input: 1.5, cachedInput: 0.15, output: 9 },
    'gemini-3.5-flash-lite': { input: 0.3, cachedInput: 0.03, output: 2.5 },
    'gemini-3.1-pro-preview': {
      input: 2,
      cachedInput: 0.2,
      output: 12,
      longContext: { above: 200_000, input: 4, cachedInput: 0.4, output: 18 },
    },
    'gemini-3-pro-preview': {
      input: 2,
      cachedInput: 0.2,
      output: 12,
      longContext: { above: 200_000, input: 4, cachedInput: 0.4, output: 18 },
    },
    'gemini-2.5-pro': {
      input: 1.25,
      cachedInput: 0.125,
      output: 10,
      longContext: { above: 200_000, input: 2.5, cachedInput: 0.25, output: 15 },
    },
    'gemini-2.5-flash': { input: 0.3, cachedInput: 0.03, output: 2.5 },
    'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.01, output: 0.4 },
    'gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
    'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
    'gemini-embedding-2': { input: 0.2, output: 0 },
    'gemini-embedding-001': { input: 0.15, output: 0 },
  },
  aliases: {
    'gemini-3.1-pro': 'gemini-3.1-pro-preview',
  },
};

const mistral: ProviderPrices = {
  models: {
    'mistral-medium-3-5': { input: 1.5, output: 7.5 },
    'mistral-medium-2508': { input: 0.4, output: 2 },
    'mistral-medium-2505': { input: 0.4, output: 2 },
    'mistral-large-3': { input: 0.5, output: 1.5 },
    'mistral-large-2512': { input: 0.5, output: 1.5 },
    'mistral-large-2411': { input: 2, output: 6 },
    'mistral-small-4': { input: 0.15, output: 0.6 },
    'mistral-small-2506': { input: 0.1, output: 0.3 },
    codestral: { input: 0.3, output: 0.9 },
    'devstral-2': { input: 0.4, output: 2 },
    'devstral-2512': { input: 0.4, output: 2 },
    'devstral-small-2': { input: 0.1, output: 0.3 },
    'devstral-medium-2507': { input: 0.4, output: 2 },
    'devstral-small-2507': { input: 0.1, output: 0.3 },
    'magistral-medium': { input: 2, output: 5 },
    'magistral-small': { input: 0.5, output: 1.5 },
    'ministral-8b': { input: 0.1, output: 0.1 },
    'ministral-3b': { input: 0.04, output: 0.04 },
    'open-mistral-nemo': { input: 0.15, output: 0.15 },
    'pixtral-large': { input: 2, output: 6 },
    'pixtral-12b': { input: 0.15, output: 0.15 },
    'mistral-embed': { input: 0.1, output: 0 },
    'codestral-embed': { input: 0.15, output: 0 },
  },
  aliases: {
    'mistral-medium-latest': 'mistral-medium-3-5',
    'mistral-medium-3.5': 'mistral-medium-3-5',
    'pixtral-large-2411': 'pixtral-large',
    'mistral-nemo': 'open-mistral-nemo',
  },
};

/** The mock provider is free: a known price of zero, so it is priced, never "unknown". */
const mock: ProviderPrices = { models: { '*': { input: 0, output: 0, cachedInput: 0, cacheWrite: 0 } } };

export const PRICE_DATA: Readonly<Record<string, ProviderPrices>> = Object.freeze({ openai, anthropic, google, mistral, mock });
