/** @module The cost plugin's options (`plugins.cost` in config), validated at boot. */
import { z } from 'zod';

const Rate = z.number().nonnegative();

export const PriceSchema = z.strictObject({
  /** USD per 1M uncached prompt tokens. */
  input: Rate,
  /** USD per 1M completion tokens (reasoning included). */
  output: Rate,
  /** USD per 1M cached prompt tokens; defaults to `input`. */
  cachedInput: Rate.optional(),
  /** USD per 1M cache-write tokens (Anthropic); defaults to `input`. */
  cacheWrite: Rate.optional(),
  /** Rates for the whole request once the prompt exceeds `above` tokens. */
  longContext: z
    .strictObject({
      above: z.number().int().positive(),
      input: Rate,
      output: Rate,
      cachedInput: Rate.optional(),
      cacheWrite: Rate.optional(),
    })
    .optional(),
});

const PRICE_KEY = /^[^/\s]+\/\S+$/;

const Prices = z.record(z.string(), PriceSchema).superRefine((prices, ctx) => {
  for (const key of Object.keys(prices)) {
    if (!PRICE_KEY.test(key)) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'price keys are "<provider name or type>/<model>", e.g. "openai/gpt-4.1" or "local/*"',
      });
    }
  }
});

const Ms = z.number().int().positive();

export const CostOptionsSchema = z
  .strictObject({
    /** Prices that extend or override the shipped catalog. Config always wins. */
    prices: Prices.default({}),
    /** Refuse (400 `model_unpriced`) requests whose route contains a model with no known price. */
    rejectUnpriced: z.boolean().default(false),
    /** Ledger store: embedded SQLite (default) or PostgreSQL (`url`). */
    store: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** SQLite file (`:memory:` allowed); its directory is created. */
    path: z.string().min(1).default('./data/switchyard-ledger.db'),
    /** PostgreSQL connection string, required with `store: postgres`. */
    url: z.string().min(1).optional(),
    /** Rows per INSERT batch; a full batch is written at once. */
    batchSize: z.number().int().min(1).max(5_000).default(200),
    /** Buffered rows are written at least this often. */
    flushIntervalMs: Ms.default(1_000),
    /** Rows kept in memory while the store is down; beyond it the oldest are dropped (and counted). */
    maxBufferRows: z.number().int().min(1).default(100_000),
    /** On shutdown, how long to keep retrying the final flush against a failing store. */
    closeTimeoutMs: Ms.default(10_000),
  })
  .refine((o) => o.store !== 'postgres' || o.url !== undefined, { message: 'store "postgres" needs `url`', path: ['url'] });

export type CostOptions = z.output<typeof CostOptionsSchema>;
export type CostOptionsInput = z.input<typeof CostOptionsSchema>;
export type PriceInput = z.output<typeof PriceSchema>;
