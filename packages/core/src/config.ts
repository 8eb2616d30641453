/** @module The gateway's config schema (providers, model aliases, router policy, plugin options). */
import { z } from 'zod';

/** Milliseconds, at most what a Node timer can wait (about 24.8 days). */
const Ms = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31 - 1);

export const TimeoutsSchema = z.strictObject({
  /** TCP/TLS connect. */
  connectMs: Ms.default(5_000),
  /** Per try, from sending (including the wait for a free socket) until the upstream's response headers. 0: no limit but `totalMs`. */
  firstByteMs: Ms.default(60_000),
  /**
   * One deadline per request across every try, retry backoff and fallback: a whole non-streaming
   * request, or a stream until its first event (then `streamIdleMs` bounds it).
   */
  totalMs: Ms.default(600_000),
  /** The longest wait for a stream's next content; keep-alive comments and ping events are not content. 0: no limit. */
  streamIdleMs: Ms.default(60_000),
});

/** Sockets per upstream origin. Each live stream holds one for its whole length: size for concurrent streams. */
export const Connections = z.number().int().positive();

export const CircuitBreakerSchema = z.strictObject({
  /** Consecutive failures that open the circuit. 0 disables the breaker. */
  failureThreshold: z.number().int().nonnegative().default(5),
  /** How long an open circuit skips the target before one half-open probe. */
  cooldownMs: Ms.default(30_000),
});

export const RouterSchema = z.strictObject({
  /** Retries per target on retryable errors (429, 5xx, timeouts, connection errors). */
  retries: z.number().int().min(0).max(10).default(2),
  backoff: z.strictObject({ baseMs: Ms.default(200), maxMs: Ms.default(5_000), jitter: z.boolean().default(true) }).prefault({}),
  /** A `retry-after` longer than this falls back to the next target instead of waiting. */
  maxRetryAfterMs: Ms.default(10_000),
  timeouts: TimeoutsSchema.prefault({}),
  /** Sockets per upstream origin (a provider's own `connections` wins); requests beyond wait for one. */
  connections: Connections.default(10_000),
  /** Largest non-streaming upstream body, and largest single stream event, in bytes. */
  maxResponseBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  circuitBreaker: CircuitBreakerSchema.prefault({}),
});

export const TargetSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  weight: z.number().nonnegative().default(1),
  retries: z.number().int().min(0).max(10).optional(),
});

export const ModelAliasSchema = z.union([
  z.strictObject({
    strategy: z.enum(['fallback', 'weighted']).default('fallback'),
    targets: z.array(TargetSchema).min(1),
    /** For `weighted`: pick by a hash of the request id (set `x-request-id` for a repeatable pick). */
    sticky: z.boolean().default(false),
    retries: z.number().int().min(0).max(10).optional(),
  }),
  TargetSchema.transform((t) => ({
    strategy: 'fallback' as const,
    targets: [t],
    sticky: false,
    retries: undefined as number | undefined,
  })),
]);

/** `type` and `connections` belong to core; every other key is the provider's option, validated by its schema. */
export const ProviderEntrySchema = z.looseObject({ type: z.string().min(1), connections: Connections.optional() });

export const GatewayConfigSchema = z.strictObject({
  providers: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'provider names use letters, digits, _ . -'), ProviderEntrySchema).default({}),
  models: z.record(z.string().min(1), ModelAliasSchema).default({}),
  router: RouterSchema.prefault({}),
  plugins: z.record(z.string(), z.unknown()).default({}),
});

export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type RouterConfig = z.output<typeof RouterSchema>;
export type ModelAlias = z.output<typeof ModelAliasSchema>;
