/** @module The gateway's config schema (providers, model aliases, router policy, plugin options). */
import { z } from 'zod';

const Ms = z.number().int().nonnegative();

export const TimeoutsSchema = z.strictObject({
  /** TCP/TLS connect. */
  connectMs: Ms.default(5_000),
  /** Until the upstream's response headers (its first byte). */
  firstByteMs: Ms.default(60_000),
  /** Whole non-streaming request; for streams, the longest gap between two chunks. */
  totalMs: Ms.default(600_000),
});

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

export const ProviderEntrySchema = z.looseObject({ type: z.string().min(1) });

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
