/**
 * @module Service contracts plugins share through the awilix container without importing each
 * other: the cost plugin registers `priceCatalog`; the quota plugin resolves it for USD budgets.
 */
import type { Usage } from './schema/usage.js';

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cached prompt tokens (`prompt_tokens_details.cached_tokens`); defaults to `input`. */
  cachedInput?: number;
  /** Cache writes (Anthropic); defaults to `input`. */
  cacheWrite?: number;
}

export interface CostResult {
  usd: number;
  /** False when no price is known: the cost is unknown, never silently 0. */
  priced: boolean;
}

export interface PriceCatalog {
  /** The price of `model` as served by the provider named `provider` in config (its type is used too). */
  price(provider: string, model: string): ModelPrice | undefined;
  cost(provider: string, model: string, usage: Usage): CostResult;
}

/** Container registration names. */
export const Services = Object.freeze({
  priceCatalog: 'priceCatalog',
});
