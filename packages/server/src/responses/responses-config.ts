/**
 * @module `server.responses` options: where `/v1/responses` keeps conversation state for upstreams
 * that keep none (every provider but a Responses-native one), for how long, and for whom.
 */
import { z } from 'zod';

export const ResponsesConfigSchema = z
  .strictObject({
    /** `memory` (this instance), `redis` or `postgres` (shared by every instance), or `none` (never stored). */
    store: z.enum(['memory', 'redis', 'postgres', 'none']).default('memory'),
    /** `redis://…` or `postgres://…`, for the shared stores. */
    url: z.string().min(1).optional(),
    /** How long a stored response stays retrievable and continuable. OpenAI keeps them 30 days. */
    ttlSeconds: z
      .number()
      .int()
      .positive()
      .default(30 * 24 * 3600),
    /** Who may read a stored response: every key of the creating key's `team`, or only that `key`. */
    scope: z.enum(['team', 'key']).default('team'),
    /** A conversation larger than this (as JSON) is answered but not stored (`store: false` in the response). */
    maxRecordBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    /** `memory`: total bytes kept; the oldest records go first. */
    memoryMaxBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    /** Shared stores: connect and command timeout. */
    timeoutMs: z.number().int().positive().default(1000),
    /** `redis`: key prefix. */
    keyPrefix: z.string().default('switchyard:responses:'),
    /** `postgres`: table name. */
    table: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
      .default('switchyard_responses'),
  })
  .refine((c) => (c.store !== 'redis' && c.store !== 'postgres') || c.url !== undefined, {
    message: 'url is required for the redis and postgres stores',
    path: ['url'],
  })
  .refine((c) => c.store !== 'memory' || c.maxRecordBytes <= c.memoryMaxBytes, {
    message: 'maxRecordBytes cannot exceed memoryMaxBytes',
    path: ['maxRecordBytes'],
  });

export type ResponsesConfig = z.output<typeof ResponsesConfigSchema>;
