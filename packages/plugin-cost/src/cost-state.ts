/**
 * @module Per-gateway state of the cost plugin (WeakMap-backed, like `getHooks`): its catalog,
 * ledger, counters and extension hooks, reachable by the metrics plugin and by tests.
 */
import { type Gateway, pluginHooks, type RequestContext, SwitchyardError } from '@switchyard/core';
import { SyncHook } from 'tapable';
import type { SwitchyardPriceCatalog } from './catalog/price-catalog.js';
import type { Ledger, LedgerStats } from './ledger/ledger.js';
import type { LedgerRow } from './ledger/ledger-row.js';

export interface CostStats {
  /** Requests recorded since boot. */
  requests: number;
  pricedRequests: number;
  /** Requests whose model had no known price (cost unknown, never counted as $0). */
  unpricedRequests: number;
  /** `provider/model` -> unpriced requests. */
  unpricedByModel: Record<string, number>;
  /** Sum of priced costs since boot, USD. */
  totalUsd: number;
  ledger: LedgerStats;
}

export interface CostHooks {
  /** A request's row was buffered for the ledger. Observe only (Prometheus counters, alerts). */
  recorded: SyncHook<[LedgerRow, RequestContext]>;
  /** A request used a model with no known price (every time, not only the first). */
  unpriced: SyncHook<[{ provider: string; model: string }, RequestContext]>;
}

/** The cost plugin's own hooks for other plugins, e.g. `getCostHooks(gw).recorded.tap('metrics', ...)`. */
export const getCostHooks = pluginHooks<Gateway, CostHooks>(() => ({
  recorded: new SyncHook<[LedgerRow, RequestContext]>(['row', 'ctx']),
  unpriced: new SyncHook<[{ provider: string; model: string }, RequestContext]>(['model', 'ctx']),
}));

export class CostState {
  requests = 0;
  priced = 0;
  unpriced = 0;
  totalUsd = 0;
  readonly unpricedByModel = new Map<string, number>();
  readonly warned = new Set<string>();

  constructor(
    readonly catalog: SwitchyardPriceCatalog,
    readonly ledger: Ledger,
  ) {}

  stats(): CostStats {
    return {
      requests: this.requests,
      pricedRequests: this.priced,
      unpricedRequests: this.unpriced,
      unpricedByModel: Object.fromEntries(this.unpricedByModel),
      totalUsd: Math.round(this.totalUsd * 1e10) / 1e10,
      ledger: this.ledger.stats(),
    };
  }
}

const states = new WeakMap<Gateway, CostState>();

export function setCostState(gateway: Gateway, state: CostState): void {
  states.set(gateway, state);
}

function state(gateway: Gateway): CostState {
  const s = states.get(gateway);
  if (!s) throw new SwitchyardError('SY_ERR_CONFIG', 'The cost plugin is not applied to this gateway');
  return s;
}

/** Counters since boot: priced and unpriced requests (per model), total USD, ledger health. */
export function getCostStats(gateway: Gateway): CostStats {
  return state(gateway).stats();
}

/** The gateway's ledger (flush, report), e.g. for in-process reports. */
export function getCostLedger(gateway: Gateway): Ledger {
  return state(gateway).ledger;
}
