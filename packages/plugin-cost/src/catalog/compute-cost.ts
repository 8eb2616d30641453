/** @module USD for one request's usage at one price: uncached, cached and cache-write input plus output. */
import type { Usage } from '@switchyard/core';
import type { CatalogPrice } from './price-data.js';

/** Token counts split the way providers bill them. */
export interface BilledTokens {
  /** Prompt tokens billed at the full input rate. */
  uncached: number;
  /** Prompt tokens read from a cache (`prompt_tokens_details.cached_tokens`). */
  cached: number;
  /** Prompt tokens written to a cache (`prompt_tokens_details.cache_creation_tokens`, Anthropic). */
  cacheWrite: number;
  completion: number;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** `prompt_tokens` includes cached and cache-write tokens (OpenAI's shape; providers map to it). */
export function billedTokens(usage: Usage): BilledTokens {
  const prompt = count(usage.prompt_tokens);
  const details = usage.prompt_tokens_details;
  const cached = Math.min(count(details?.cached_tokens), prompt);
  const cacheWrite = Math.min(count(details?.cache_creation_tokens), prompt - cached);
  return { uncached: prompt - cached - cacheWrite, cached, cacheWrite, completion: count(usage.completion_tokens) };
}

/**
 * USD for `usage` at `price` (USD per 1M tokens). A long-context tier, when the prompt exceeds it,
 * applies to the whole request. Rounded to 1e-10 USD so sums and headers do not carry float noise.
 */
export function computeCost(price: CatalogPrice, usage: Usage): number {
  const t = billedTokens(usage);
  const long = price.longContext;
  const rates = long && t.uncached + t.cached + t.cacheWrite > long.above ? long : price;
  const cachedRate = rates.cachedInput ?? rates.input;
  const writeRate = rates.cacheWrite ?? rates.input;
  const micro = t.uncached * rates.input + t.cached * cachedRate + t.cacheWrite * writeRate + t.completion * rates.output;
  return Math.round(micro * 1e4) / 1e10;
}
