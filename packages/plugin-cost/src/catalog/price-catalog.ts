/**
 * @module The `PriceCatalog` service: config prices first, then the shipped catalog, looked up by
 * provider name and type with dated-id matching. Lookups are memoised per (provider, model).
 */
import type { CostResult, PriceCatalog, Usage } from '@switchyard/core';
import { computeCost } from './compute-cost.js';
import { modelIdVariants } from './model-id-variants.js';
import { CATALOG_AS_OF, type CatalogPrice, PRICE_DATA, type ProviderPrices } from './price-data.js';

export interface PriceCatalogOptions {
  /** `"<provider name or type>/<model>"` -> price; `*` in the model part matches any run of characters. */
  prices?: Readonly<Record<string, CatalogPrice>>;
  /** Provider name in config -> provider type (`gateway.providerType`). */
  providerType?: (provider: string) => string | undefined;
  /** Replaces the shipped catalog (tests, or a catalog loaded from elsewhere). */
  catalog?: Readonly<Record<string, ProviderPrices>>;
}

export interface ResolvedPrice {
  price: CatalogPrice;
  /** Where the price came from: a config key, or `catalog:<type>/<model>`. */
  source: string;
}

interface Pattern {
  scope: string;
  re: RegExp;
  key: string;
  price: CatalogPrice;
}

const MEMO_LIMIT = 10_000;

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export class SwitchyardPriceCatalog implements PriceCatalog {
  readonly asOf = CATALOG_AS_OF;
  private readonly exact = new Map<string, CatalogPrice>();
  private readonly patterns: Pattern[] = [];
  private readonly catalog: Readonly<Record<string, ProviderPrices>>;
  private readonly typeOf: (provider: string) => string | undefined;
  private readonly memo = new Map<string, ResolvedPrice | null>();

  constructor(options: PriceCatalogOptions = {}) {
    this.catalog = options.catalog ?? PRICE_DATA;
    this.typeOf = options.providerType ?? (() => undefined);
    for (const [key, price] of Object.entries(options.prices ?? {})) {
      const slash = key.indexOf('/');
      const scope = key.slice(0, slash);
      const model = key.slice(slash + 1);
      if (model.includes('*')) this.patterns.push({ scope, re: globToRegExp(model), key, price });
      else this.exact.set(key, price);
    }
  }

  /** The price and where it came from, or undefined when the model is unknown. */
  resolve(provider: string, model: string): ResolvedPrice | undefined {
    const memoKey = `${provider}\u0000${model}`;
    const hit = this.memo.get(memoKey);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.lookup(provider, model);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(memoKey, found ?? null);
    return found;
  }

  price(provider: string, model: string): CatalogPrice | undefined {
    return this.resolve(provider, model)?.price;
  }

  cost(provider: string, model: string, usage: Usage): CostResult {
    const resolved = this.resolve(provider, model);
    return resolved ? { usd: computeCost(resolved.price, usage), priced: true } : { usd: 0, priced: false };
  }

  private lookup(provider: string, model: string): ResolvedPrice | undefined {
    // A provider type passed where a name is expected (e.g. `cost('openai', ...)`) is its own type.
    const type = this.typeOf(provider) ?? (Object.hasOwn(this.catalog, provider) ? provider : undefined);
    const scopes = type && type !== provider ? [provider, type] : [provider];
    const ids = modelIdVariants(model);
    for (const scope of scopes) {
      for (const id of ids) {
        const key = `${scope}/${id}`;
        const price = this.exact.get(key);
        if (price) return { price, source: key };
      }
    }
    for (const scope of scopes) {
      for (const p of this.patterns) {
        if (p.scope === scope && ids.some((id) => p.re.test(id))) return { price: p.price, source: p.key };
      }
    }
    const table = type ? this.catalog[type] : undefined;
    if (!table) return undefined;
    for (const id of ids) {
      const target = table.models[id] ? id : table.aliases?.[id];
      const price = target ? table.models[target] : undefined;
      if (target && price) return { price, source: `catalog:${type}/${target}` };
    }
    const any = table.models['*'];
    return any ? { price: any, source: `catalog:${type}/*` } : undefined;
  }
}

/**
 * @example
 * const catalog = createPriceCatalog({ prices: { 'openai/ft:gpt-4.1:acme': { input: 3, output: 12 } } });
 * catalog.cost('openai', 'gpt-4.1-2025-04-14', usage); // { usd, priced: true }
 */
export function createPriceCatalog(options?: PriceCatalogOptions): SwitchyardPriceCatalog {
  return new SwitchyardPriceCatalog(options);
}
