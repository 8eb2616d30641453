/**
 * @module USD amounts through the shared PriceCatalog: the worst case a request can cost on any target
 * its model may route to (reserved before the call), and what it really cost (settled after).
 */
import type { PriceCatalog, RequestContext, Usage } from '@switchyard/core';
import { NANO_PER_USD } from './limit-rules.js';

export interface Target {
  provider: string;
  model: string;
}

/** Prices are USD per 1M tokens: tokens x price / 1e6 USD = tokens x price x 1e3 nano-USD. */
const NANO_PER_TOKEN_PRICE = NANO_PER_USD / 1e6;

export interface WorstCase {
  nanoUsd: number;
  /** Targets without a price (their cost is unknown). */
  unpriced: Target[];
}

export function worstCaseNanoUsd(catalog: PriceCatalog, targets: readonly Target[], inputTokens: number, outputTokens: number): WorstCase {
  let worst = 0;
  const unpriced: Target[] = [];
  for (const t of targets) {
    const p = catalog.price(t.provider, t.model);
    if (!p) {
      unpriced.push(t);
      continue;
    }
    worst = Math.max(worst, Math.ceil((inputTokens * p.input + outputTokens * p.output) * NANO_PER_TOKEN_PRICE));
  }
  return { nanoUsd: worst, unpriced };
}

/**
 * The real cost of a finished request, nano-USD; undefined when the model that answered has no
 * price. The answering model may carry a dated name, so the configured target names are tried too.
 */
export function settledNanoUsd(catalog: PriceCatalog, ctx: RequestContext, usage: Usage, targets: readonly Target[]): number | undefined {
  const provider = ctx.provider;
  if (!provider) return 0;
  const names = new Set<string>();
  if (ctx.upstreamModel) names.add(ctx.upstreamModel);
  for (const t of targets) if (t.provider === provider) names.add(t.model);
  for (const model of names) {
    const r = catalog.cost(provider, model, usage);
    if (r.priced) return Math.round(r.usd * NANO_PER_USD);
  }
  return undefined;
}
