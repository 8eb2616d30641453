/** @module The audit plugin's options (`plugins.audit` in config), validated at boot. */
import { z } from 'zod';

export const CAPTURE_LEVELS = ['full', 'metadata', 'off'] as const;
export type CaptureLevel = (typeof CAPTURE_LEVELS)[number];

const Capture = z.enum(CAPTURE_LEVELS);
const Ms = z.number().int().positive();

export const AuditOptionsSchema = z
  .strictObject({
    /** `full`: request and response bodies too; `metadata`: everything but bodies; `off`: nothing. */
    capture: Capture.default('full'),
    /** Per requested model (alias or `provider/model`): `{ capture }` overrides the default. */
    aliases: z.record(z.string().min(1), z.strictObject({ capture: Capture })).default({}),
    /** Sink: embedded SQLite (default), PostgreSQL (`url`) or JSON lines files (`path`). */
    store: z.enum(['sqlite', 'postgres', 'jsonl']).default('sqlite'),
    /** SQLite file (`:memory:` allowed) or the current JSONL file; its directory is created. */
    path: z.string().min(1).optional(),
    /** PostgreSQL connection string, required with `store: postgres`. */
    url: z.string().min(1).optional(),
    /** JSONL: start a new file once the current one reaches this many bytes. */
    rotateBytes: z
      .number()
      .int()
      .min(1_024)
      .default(100 * 1024 * 1024),
    /** JSONL: start a new file once the current one is this old. */
    rotateIntervalMs: Ms.default(86_400_000),
    /** Records older than this are deleted by a background sweep; 0 keeps them forever. */
    retentionDays: z.number().nonnegative().default(30),
    /** How often the retention sweep runs. */
    sweepIntervalMs: Ms.default(3_600_000),
    /** Rows deleted per statement by the sweep (bounded work per step). */
    sweepBatch: z.number().int().min(1).max(100_000).default(5_000),
    /** Records waiting to be written; see `onFull`. */
    maxQueue: z.number().int().min(1).max(1_000_000).default(10_000),
    /**
     * When the queue is full: `drop` the new record (counted, `/readyz` degraded), or `block`: new
     * requests wait in `admit` for room (up to `blockTimeoutMs`, then 503) so no admitted request's
     * record is ever dropped.
     */
    onFull: z.enum(['drop', 'block']).default('drop'),
    blockTimeoutMs: Ms.default(5_000),
    /** Records per write; a full batch is written at once. */
    batchSize: z.number().int().min(1).max(5_000).default(200),
    /** Queued records are written at least this often. */
    flushIntervalMs: Ms.default(1_000),
    /** On shutdown, how long to keep retrying the final flush against a failing store. */
    closeTimeoutMs: Ms.default(10_000),
    /** Replayed requests (`switchyard replay`). */
    replay: z
      .strictObject({
        /**
         * `replay`: the replay's own principal (the `--key` used, else anonymous) is charged, with
         * feature `replay`. `original`: the original record's key id, team and user are charged.
         */
        chargeTo: z.enum(['replay', 'original']).default('replay'),
      })
      .default({ chargeTo: 'replay' }),
  })
  .refine((o) => o.store !== 'postgres' || o.url !== undefined, { message: 'store "postgres" needs `url`', path: ['url'] });

export type AuditOptions = z.output<typeof AuditOptionsSchema>;
export type AuditOptionsInput = z.input<typeof AuditOptionsSchema>;

export const DEFAULT_PATHS = Object.freeze({
  sqlite: './data/switchyard-audit.db',
  jsonl: './data/audit/switchyard-audit.jsonl',
});
