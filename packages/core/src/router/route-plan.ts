/** @module Seeds a RoutePlan from config: aliases, `provider/model` direct routes, weighted picks. */
import type { GatewayConfig, ModelAlias } from '../config.js';
import { SwitchyardError } from '../errors.js';
import type { RoutePlan, RouteTarget } from '../hooks.js';

/** FNV-1a (+ final mix) of a string to [0, 1): a repeatable pick for sticky weighted routing. */
export function hashUnit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // murmur3 fmix32: FNV alone leaves ids that differ in one trailing character close together.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x100000000;
}

/** Weighted order: one target drawn by weight, then the rest by descending weight as fallbacks. */
export function weightedOrder(targets: readonly RouteTarget[], unit: number): RouteTarget[] {
  const total = targets.reduce((s, t) => s + t.weight, 0);
  if (total <= 0) return [...targets];
  let x = unit * total;
  let picked = targets.length - 1;
  for (let i = 0; i < targets.length; i++) {
    x -= (targets[i] as RouteTarget).weight;
    if (x < 0) {
      picked = i;
      break;
    }
  }
  const first = targets[picked] as RouteTarget;
  const rest = targets.filter((_, i) => i !== picked).sort((a, b) => b.weight - a.weight);
  return [first, ...rest];
}

export class RoutePlanner {
  private readonly aliases: Map<string, { alias: ModelAlias; targets: RouteTarget[] }>;

  constructor(private readonly config: GatewayConfig) {
    this.aliases = new Map();
    for (const [name, alias] of Object.entries(config.models)) {
      const targets = alias.targets.map((t) => ({
        provider: t.provider,
        model: t.model,
        weight: t.weight,
        retries: t.retries ?? alias.retries ?? config.router.retries,
      }));
      this.aliases.set(name, { alias, targets });
    }
  }

  /** Names callers may use in `model`. */
  aliasNames(): string[] {
    return [...this.aliases.keys()];
  }

  /** Every target `model` may be served by (an alias's targets, or `provider/model`); [] when unknown. */
  targets(model: string): { provider: string; model: string }[] {
    const entry = this.aliases.get(model);
    if (entry) return entry.targets.map((t) => ({ provider: t.provider, model: t.model }));
    const slash = model.indexOf('/');
    if (slash > 0 && Object.hasOwn(this.config.providers, model.slice(0, slash))) {
      return [{ provider: model.slice(0, slash), model: model.slice(slash + 1) }];
    }
    return [];
  }

  plan(model: string, requestId: string): RoutePlan {
    const entry = this.aliases.get(model);
    if (entry) {
      const { alias, targets } = entry;
      if (alias.strategy === 'weighted' && targets.length > 1) {
        const unit = alias.sticky ? hashUnit(requestId) : Math.random();
        return { model, targets: weightedOrder(targets, unit) };
      }
      return { model, targets: targets.slice() };
    }
    const slash = model.indexOf('/');
    if (slash > 0) {
      const provider = model.slice(0, slash);
      if (Object.hasOwn(this.config.providers, provider)) {
        return {
          model,
          targets: [{ provider, model: model.slice(slash + 1), weight: 1, retries: this.config.router.retries }],
        };
      }
    }
    throw new SwitchyardError(
      'SY_ERR_MODEL_NOT_FOUND',
      `The model \`${model}\` does not exist: use a configured alias or <provider>/<model>`,
      { param: 'model' },
    );
  }
}
