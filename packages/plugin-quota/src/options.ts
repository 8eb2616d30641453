/** @module The quota plugin's options (`plugins.quota` in config), validated with zod at boot. */
import { z } from 'zod';

/** The endpoints that carry model traffic, as `ctx.endpoint` names them. */
const ModelEndpointSchema = z.enum(['chat', 'embeddings', 'messages', 'responses']);

export const SCOPES = ['key', 'team', 'user', 'model', 'endpoint', 'global'] as const;
export type ScopeName = (typeof SCOPES)[number];

const ScopeSchema = z.enum(SCOPES);
const OneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const PositiveInt = z.number().int().positive();
/** Per-minute limits stay below 2^53 / 60000, so the GCRA arithmetic (units x ms) is exact. */
const PerMinute = PositiveInt.max(100_000_000_000);
const Usd = z.number().positive();

export const LimitSchema = z
  .strictObject({
    /** Names the limit in errors and store keys. Default: the scopes joined with `+` (e.g. `team+model`). */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'use 1-64 letters, digits, _ . + -')
      .optional(),
    /** What one counter is kept per: a scope, or a list to combine (one counter per team and model). */
    scope: z.union([ScopeSchema, z.array(ScopeSchema).min(1)]),
    /** Applies only to requests matching every field given (each a value or a list of values). */
    match: z
      .strictObject({
        key: OneOrMany.optional(),
        team: OneOrMany.optional(),
        user: OneOrMany.optional(),
        model: OneOrMany.optional(),
        endpoint: z.union([ModelEndpointSchema, z.array(ModelEndpointSchema).min(1)]).optional(),
      })
      .optional(),
    requestsPerMinute: PerMinute.optional(),
    tokensPerMinute: PerMinute.optional(),
    concurrent: PositiveInt.optional(),
    usdPerDay: Usd.optional(),
    usdPerMonth: Usd.optional(),
  })
  .refine(
    (l) =>
      l.requestsPerMinute !== undefined ||
      l.tokensPerMinute !== undefined ||
      l.concurrent !== undefined ||
      l.usdPerDay !== undefined ||
      l.usdPerMonth !== undefined,
    { message: 'set at least one of requestsPerMinute, tokensPerMinute, concurrent, usdPerDay, usdPerMonth' },
  );

export const QuotaOptionsSchema = z
  .strictObject({
    /** `memory` serves one instance; `redis` shares limits across instances (atomic Lua scripts). */
    store: z.enum(['memory', 'redis']).default('memory'),
    /** Required with `store: redis`, e.g. `redis://127.0.0.1:6379/0`. */
    redisUrl: z.string().min(1).optional(),
    /** Prefix of every Redis key the plugin writes. */
    keyPrefix: z.string().default('switchyard:quota:'),
    /** When Redis is unreachable: `open` admits without limits, `closed` refuses with 503 `store_unavailable`. */
    failMode: z.enum(['open', 'closed']).default('open'),
    /** Redis connect timeout, and how long a call waits for its reply while the event loop is responsive, ms. */
    redisTimeoutMs: z.number().int().min(50).max(10_000).default(300),
    /** Output tokens reserved when a request sets neither `max_completion_tokens` nor `max_tokens`. */
    defaultOutputTokens: PositiveInt.default(4096),
    /**
     * Sets `max_tokens` to `defaultOutputTokens` on requests that set no output cap and fall under a
     * token or USD limit, so the reservation is a hard bound.
     */
    capOutputTokens: z.boolean().default(false),
    /** Refuse (400 `model_unpriced`) a request under a USD budget whose model has no price; else it counts $0. */
    rejectUnpriced: z.boolean().default(false),
    /** Redis store: a concurrency slot of a crashed instance is freed after this long (live ones are renewed). */
    concurrencyLeaseMs: z.number().int().min(1_000).default(60_000),
    limits: z.array(LimitSchema).default([]),
  })
  .superRefine((o, ctx) => {
    if (o.store === 'redis' && !o.redisUrl) {
      ctx.addIssue({ code: 'custom', path: ['redisUrl'], message: 'required with store: redis' });
    }
    const seen = new Map<string, number>();
    o.limits.forEach((l, i) => {
      const name = limitName(l);
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['limits', i, 'name'],
          message: `limits[${first}] and limits[${i}] are both named "${name}": give each a distinct name`,
        });
      } else seen.set(name, i);
    });
  });

export type QuotaOptionsInput = z.input<typeof QuotaOptionsSchema>;
export type QuotaOptions = z.output<typeof QuotaOptionsSchema>;
export type QuotaLimitInput = z.input<typeof LimitSchema>;
export type QuotaLimit = z.output<typeof LimitSchema>;

export function scopesOf(limit: Pick<QuotaLimit, 'scope'>): ScopeName[] {
  return Array.isArray(limit.scope) ? [...limit.scope] : [limit.scope];
}

/** A limit's name: its own, else its scopes joined with `+`. */
export function limitName(limit: Pick<QuotaLimit, 'name' | 'scope'>): string {
  return limit.name ?? scopesOf(limit).join('+');
}
