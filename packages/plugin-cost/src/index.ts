/** @module @switchyard/plugin-cost: price catalog, cost per request, attribution, ledger, usage reports. */
import { costPlugin } from './cost-plugin.js';

export { type BilledTokens, billedTokens, computeCost } from './catalog/compute-cost.js';
export { modelIdVariants } from './catalog/model-id-variants.js';
export {
  createPriceCatalog,
  type PriceCatalogOptions,
  type ResolvedPrice,
  SwitchyardPriceCatalog,
} from './catalog/price-catalog.js';
export {
  CATALOG_AS_OF,
  CATALOG_SOURCES,
  type CatalogPrice,
  type LongContextPrice,
  PRICE_DATA,
  type ProviderPrices,
} from './catalog/price-data.js';
export { type CostHooks, type CostStats, getCostHooks, getCostLedger, getCostStats } from './cost-state.js';
export type { Ledger, LedgerStats } from './ledger/ledger.js';
export type { LedgerRow, RowStatus } from './ledger/ledger-row.js';
export { GROUP_BY, type GroupBy, type ReportQuery, type ReportRow } from './ledger/ledger-store.js';
export { type CostOptions, type CostOptionsInput, CostOptionsSchema, PriceSchema } from './options.js';
export type { UsageReport } from './report/format-report.js';
export { costPlugin };
export default costPlugin;
