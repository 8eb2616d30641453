/**
 * @module The quota plugin: at `admit` (Stage.QUOTA, after auth) it reserves what a request may
 * consume on every matching limit, all-or-nothing, and refuses with 429 when one has no room; at
 * `complete` (exactly once per request) it settles the reservation to the real usage and cost.
 */
import { randomUUID } from 'node:crypto';
import {
  contextKey,
  definePlugin,
  type Gateway,
  type GatewayRequest,
  isModelEndpoint,
  loadTokenCounter,
  type Outcome,
  type PriceCatalog,
  type RequestContext,
  Services,
  Stage,
  SwitchyardError,
} from '@switchyard/core';
import { denial, limitStatuses, type RequestAmounts } from './admission.js';
import { modelUnpriced, storeUnavailable } from './errors.js';
import { compileRules, MINUTE_MS, matches, needsTokens, needsUsd, type PlannedCounter, planCounters, type Rule } from './limit-rules.js';
import { MemoryQuotaStore } from './memory-store.js';
import { type QuotaOptions, QuotaOptionsSchema } from './options.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { RedisQuotaStore } from './redis-store.js';
import type { QuotaStore, Settlement } from './store.js';
import { estimateInputTokens, outputReservation, requestedOutputCap } from './token-estimate.js';
import { settledNanoUsd, type Target, worstCaseNanoUsd } from './usd.js';

const PLUGIN = 'quota';

interface Reservation {
  planned: PlannedCounter[];
  /** Store clock at admit: settles adjust the window the reservation went into. */
  now: number;
  targets: Target[];
  /** Output cap to impose (`capOutputTokens`), when the request set none. */
  capTo: number | undefined;
}

const RESERVATION = contextKey<Reservation>('quota.reservation');

function createStore(gateway: Gateway, config: QuotaOptions): { store: QuotaStore; redis?: RedisQuotaStore } {
  if (config.store === 'memory') return { store: new MemoryQuotaStore() };
  const redis = new RedisQuotaStore({
    url: config.redisUrl as string,
    timeoutMs: config.redisTimeoutMs,
    leaseMs: config.concurrencyLeaseMs,
    onAvailability: (up, err) => {
      if (up) gateway.logger.info({ plugin: PLUGIN }, 'quota store: Redis reachable again, limits apply');
      else {
        const effect = config.failMode === 'open' ? 'admitting requests without limits' : 'refusing limited requests with 503';
        gateway.logger.warn({ plugin: PLUGIN, err: (err as Error)?.message }, `quota store: Redis unreachable, ${effect}`);
      }
    },
  });
  return { store: redis, redis };
}

function apply(gateway: Gateway, config: QuotaOptions): void {
  const rules = compileRules(config.limits);
  if (rules.length === 0) return;
  const { store, redis } = createStore(gateway, config);
  const usdRules = needsUsd(rules);
  let catalog: PriceCatalog | undefined;
  const warned = new Set<string>();
  const warnOnce = (key: string, msg: string, data: Record<string, unknown>) => {
    if (warned.has(key)) return;
    warned.add(key);
    gateway.logger.warn({ plugin: PLUGIN, ...data }, msg);
  };

  // Fail-open keeps serving without Redis: degraded, not unready. Fail-closed cannot serve: unready.
  if (redis) gateway.addHealthCheck('quota-redis', () => redis.health(), { critical: config.failMode === 'closed' });

  gateway.hooks.ready.tapPromise(PLUGIN, async (gw) => {
    if (usdRules) {
      if (!gw.container.hasRegistration(Services.priceCatalog)) {
        throw new SwitchyardError(
          'SY_ERR_PLUGIN_DEPENDENCY',
          'Plugin "quota": usdPerDay / usdPerMonth limits need a price catalog; enable the cost plugin (or register `priceCatalog`)',
        );
      }
      catalog = gw.container.resolve<PriceCatalog>(Services.priceCatalog);
    }
    // Load the tokenizer now rather than on the first limited request.
    if (needsTokens(rules)) await loadTokenCounter();
    await redis?.connect();
  });

  gateway.hooks.admit.tapPromise({ name: PLUGIN, stage: Stage.QUOTA }, async (req, ctx) => {
    // Requests that reach no model never complete through the pipeline: nothing to reserve or settle.
    if (!isModelEndpoint(ctx.endpoint)) return undefined;
    const applicable = rules.filter((r) => matches(r, ctx));
    if (applicable.length === 0) return undefined;
    return admit(req, ctx, applicable);
  });

  async function admit(req: GatewayRequest, ctx: RequestContext, applicable: Rule[]): Promise<SwitchyardError | undefined> {
    const amounts: RequestAmounts = { inputTokens: 0, outputTokens: 0 };
    let capTo: number | undefined;
    if (needsTokens(applicable)) {
      amounts.inputTokens = await estimateInputTokens(req);
      amounts.outputTokens = outputReservation(req, config.defaultOutputTokens);
      if (config.capOutputTokens && ctx.endpoint !== 'embeddings' && requestedOutputCap(req) === undefined) {
        capTo = config.defaultOutputTokens;
      }
    }
    let nanoUsd = 0;
    let targets: Target[] = [];
    if (catalog && needsUsd(applicable)) {
      targets = gateway.routeTargets(ctx.requestedModel);
      const worst = worstCaseNanoUsd(catalog, targets, amounts.inputTokens, amounts.outputTokens);
      if (worst.unpriced.length > 0) {
        if (config.rejectUnpriced) return modelUnpriced(ctx.requestedModel);
        warnOnce(
          `unpriced:${ctx.requestedModel}`,
          'quota: a USD budget applies to a model with unpriced targets; they count as $0 (set rejectUnpriced to refuse)',
          { model: ctx.requestedModel, unpriced: worst.unpriced.map((t) => `${t.provider}/${t.model}`) },
        );
      }
      nanoUsd = worst.nanoUsd;
    }
    const wallNow = Date.now();
    const planned = planCounters(applicable, ctx, config.keyPrefix, {
      tokens: amounts.inputTokens + amounts.outputTokens,
      nanoUsd,
      leaseMember: randomUUID(),
      leaseMs: config.concurrencyLeaseMs,
      now: wallNow,
    });
    let result: Awaited<ReturnType<QuotaStore['admit']>>;
    try {
      result = await store.admit(planned.map((p) => p.counter));
    } catch (err) {
      // Outages are logged once by the store; here only the configured fail mode applies.
      if (config.failMode === 'closed') return storeUnavailable(err);
      return undefined;
    }
    if (!result.ok) return denial(planned, result, amounts, wallNow);
    ctx.set(RESERVATION, { planned, now: result.now, targets, capTo });
    Object.assign(ctx.responseHeaders, rateLimitHeaders(limitStatuses(planned, result, true)));
    return undefined;
  }

  if (config.capOutputTokens) {
    gateway.hooks.transformRequest.tap({ name: PLUGIN, stage: Stage.QUOTA }, (req, ctx) => {
      const cap = ctx.get(RESERVATION)?.capTo;
      return cap === undefined ? req : { ...req, max_tokens: cap };
    });
  }

  gateway.hooks.complete.tapPromise(PLUGIN, async (outcome, ctx) => {
    const r = ctx.get(RESERVATION);
    if (!r) return;
    try {
      await store.settle(settlements(r, outcome, ctx));
    } catch (err) {
      // Redis went away between admit and complete: windows and leases expire on their own.
      gateway.logger.debug({ plugin: PLUGIN, err: (err as Error).message, requestId: ctx.id }, 'quota: settle failed');
    }
  });

  function settlements(r: Reservation, outcome: Outcome, ctx: RequestContext): Settlement[] {
    // A cache hit used no upstream capacity and cost nothing; a request without usage never reached one.
    const usage = ctx.cache === 'hit' || ctx.cache === 'semantic-hit' ? undefined : outcome.usage;
    const realTokens = usage?.total_tokens ?? 0;
    let realNano: number | undefined = 0;
    if (usage && catalog && r.planned.some((p) => p.counter.kind === 'fixed')) {
      realNano = settledNanoUsd(catalog, ctx, usage, r.targets);
      if (realNano === undefined) {
        warnOnce(`unpriced:${ctx.provider}/${ctx.upstreamModel}`, 'quota: the answering model has no price; its reservation stands', {
          provider: ctx.provider,
          model: ctx.upstreamModel,
        });
      }
    }
    const out: Settlement[] = [];
    for (const p of r.planned) {
      const c = p.counter;
      if (c.kind === 'lease') out.push({ kind: 'lease', key: c.key, member: c.member });
      else if (c.kind === 'sliding' && p.metric === 'tokens' && realTokens !== c.amount) {
        out.push({ kind: 'sliding', key: c.key, windowIndex: Math.floor(r.now / MINUTE_MS), delta: realTokens - c.amount });
      } else if (c.kind === 'fixed' && realNano !== undefined && realNano !== c.amount) {
        out.push({ kind: 'fixed', key: c.key, delta: realNano - c.amount });
      }
    }
    return out;
  }

  gateway.hooks.close.tapPromise(PLUGIN, () => store.close());
}

/**
 * Rate limits (requests and tokens per minute), concurrency limits and USD budgets per key, team,
 * user, model, endpoint or globally; in memory or shared through Redis.
 * @example
 * createGateway({ config, plugins: [[quotaPlugin, { limits: [{ scope: 'team', requestsPerMinute: 600 }] }]] })
 */
export const quotaPlugin = definePlugin<QuotaOptions, Gateway>({
  name: PLUGIN,
  version: '1.0.0',
  core: '^1',
  config: QuotaOptionsSchema,
  apply,
});
