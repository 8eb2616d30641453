/**
 * @module The `cost` plugin: registers the `priceCatalog` service, prices every admitted model request
 * (streams and aborted streams included) in `complete`, sets `x-switchyard-cost-usd` on non-stream
 * responses, writes one bounded ledger row per such request off the request path, and serves usage
 * reports.
 */
import {
  definePlugin,
  type Gateway,
  type GatewayRequest,
  isModelEndpoint,
  type Outcome,
  type RequestContext,
  Services,
  Stage,
  SwitchyardError,
  type Usage,
} from '@switchyard/core';
import { asValue } from 'awilix';
import { computeCost } from './catalog/compute-cost.js';
import { createPriceCatalog, type SwitchyardPriceCatalog } from './catalog/price-catalog.js';
import { CostState, getCostHooks, setCostState } from './cost-state.js';
import { boundText } from './ledger/bound-text.js';
import { buildLedgerRow, type RowCost } from './ledger/build-ledger-row.js';
import { Ledger } from './ledger/ledger.js';
import type { LedgerStore } from './ledger/ledger-store.js';
import { PostgresLedgerStore } from './ledger/postgres-store.js';
import { SqliteLedgerStore } from './ledger/sqlite-store.js';
import { type CostOptions, CostOptionsSchema } from './options.js';
import { usageCommand } from './report/usage-command.js';
import { usageRoute } from './report/usage-route.js';

const PLUGIN_NAME = 'cost';

/** Nothing consumed (no usage) or served from cache: a known zero. No provider or no price: unknown. */
function costOf(catalog: SwitchyardPriceCatalog, ctx: RequestContext, usage: Usage | undefined): RowCost {
  if (!usage || ctx.cache === 'hit' || ctx.cache === 'semantic-hit') return { costUsd: 0, priced: true };
  const resolved = ctx.provider && ctx.upstreamModel ? catalog.resolve(ctx.provider, ctx.upstreamModel) : undefined;
  return resolved ? { costUsd: computeCost(resolved.price, usage), priced: true } : { costUsd: null, priced: false };
}

function createStore(options: CostOptions, gateway: Gateway): LedgerStore {
  if (options.store === 'postgres') {
    return new PostgresLedgerStore(options.url as string, (err) =>
      gateway.logger.error({ err }, 'cost ledger: PostgreSQL connection error'),
    );
  }
  return new SqliteLedgerStore(options.path);
}

function apply(gateway: Gateway, options: CostOptions): void {
  const catalog = createPriceCatalog({ prices: options.prices, providerType: (name) => gateway.providerType(name) });
  gateway.container.register({ [Services.priceCatalog]: asValue(catalog) });
  const ledger = new Ledger(createStore(options, gateway), options, gateway.logger);
  const state = new CostState(catalog, ledger);
  setCostState(gateway, state);
  const hooks = getCostHooks(gateway);

  const warnUnpriced = (provider: string, model: string) => {
    const key = `${provider}/${model}`;
    if (state.warned.has(key)) return;
    state.warned.add(key);
    gateway.logger.warn(
      { provider, providerType: gateway.providerType(provider), model },
      `cost: no price known for model "${model}" of provider "${provider}"; its requests are recorded as unpriced (cost unknown). Add plugins.cost.prices["${key}"]`,
    );
  };

  gateway.hooks.ready.tapPromise(PLUGIN_NAME, () => ledger.start());
  gateway.hooks.close.tapPromise(PLUGIN_NAME, () => ledger.close());
  // Not critical: while the store is down rows are buffered and requests are still served, so
  // /readyz reports the instance degraded rather than taking it out of rotation.
  gateway.addHealthCheck('cost-ledger', () => ledger.health(), { critical: false });
  gateway.addRoute(usageRoute(ledger));
  gateway.addCommand(usageCommand(ledger));

  if (options.rejectUnpriced) {
    // After auth (an unauthenticated caller gets 401 first), before quota reserves anything.
    gateway.hooks.admit.tapPromise({ name: PLUGIN_NAME, stage: Stage.QUOTA - 1 }, async (req: GatewayRequest, ctx) => {
      if (!isModelEndpoint(ctx.endpoint)) return undefined;
      const targets = gateway.routeTargets(ctx.requestedModel || req.model);
      const unpriced = targets.filter((t) => !catalog.resolve(t.provider, t.model));
      if (unpriced.length === 0) return undefined;
      for (const t of unpriced) warnUnpriced(t.provider, t.model);
      const names = unpriced.map((t) => `${t.provider}/${t.model}`).join(', ');
      return new SwitchyardError(
        'SY_ERR_MODEL_UNPRICED',
        `The model \`${boundText(req.model)}\` routes to ${names}, which has no known price, and this gateway refuses unpriced models`,
        { param: 'model' },
      );
    });
  }

  // Synchronous: no promise per response on the hot path.
  gateway.hooks.transformResponse.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (res, ctx) => {
    const cost = costOf(catalog, ctx, ctx.usage);
    if (cost.costUsd !== null) ctx.costUsd = cost.costUsd;
    return res;
  });

  gateway.hooks.complete.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (outcome: Outcome, ctx: RequestContext) => {
    // A request some admit tap refused (unauthenticated, over quota) used nothing and is not recorded:
    // otherwise anyone could write rows. Listing models and counting tokens are not model traffic.
    if (!ctx.admitted || !isModelEndpoint(ctx.endpoint)) return;
    const cost = costOf(catalog, ctx, outcome.usage);
    if (cost.costUsd !== null) ctx.costUsd = cost.costUsd;
    const row = buildLedgerRow(outcome, ctx, cost, Date.now());
    // Buffered first: a throwing observer below cannot lose the row.
    ledger.add(row);
    state.requests++;
    if (cost.priced) {
      state.priced++;
      state.totalUsd += cost.costUsd ?? 0;
    } else {
      // The row's bounded names, not the raw ones: they key a map and a log line.
      const provider = row.provider ?? 'unknown';
      const model = row.model ?? row.requestedModel ?? 'unknown';
      const key = `${provider}/${model}`;
      state.unpriced++;
      state.unpricedByModel.set(key, (state.unpricedByModel.get(key) ?? 0) + 1);
      warnUnpriced(provider, model);
      if (hooks.unpriced.isUsed()) hooks.unpriced.call({ provider, model }, ctx);
    }
    if (hooks.recorded.isUsed()) hooks.recorded.call(row, ctx);
  });
}

/**
 * Price catalog, per-request cost and attribution, a batched ledger (SQLite or PostgreSQL), and
 * usage reports (`GET /admin/usage`, `switchyard usage`).
 * @example
 * const gw = createGateway({ config, providers: [openaiProvider], plugins: [[costPlugin, { store: 'sqlite', path: './ledger.db' }]] });
 */
export const costPlugin = definePlugin<CostOptions, Gateway>({
  name: PLUGIN_NAME,
  version: '1.0.0',
  core: '^1',
  config: CostOptionsSchema,
  apply,
});
