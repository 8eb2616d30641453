/** @module The plugin's options (`plugins.auth` in config) and the key policy shared by config, store and admin API. */
import { z } from 'zod';
import { hashKey, isKeyHash, KEY_ID_PATTERN } from './key-format.js';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date, e.g. 2026-01-31T00:00:00Z');

/** What a key may do and how its requests are attributed. */
export const KeyPolicySchema = z.strictObject({
  team: z.string().min(1).max(200),
  user: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  /** Models and aliases the key may call; `*` globs allowed. Empty or absent: all. */
  models: z.array(z.string().min(1)).default([]),
  /** Attribution defaults for requests made with this key. */
  feature: z.string().min(1).optional(),
  customer: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).default([]),
  /** May `x-switchyard-feature`/`-customer`/`-tags` override the defaults? Otherwise they are ignored. */
  allowAttributionHeaders: z.boolean().default(false),
  /** After this instant the key is refused. */
  expiresAt: isoDate.optional(),
  disabled: z.boolean().default(false),
});

export type KeyPolicyInput = z.input<typeof KeyPolicySchema>;
export type KeyPolicy = z.output<typeof KeyPolicySchema>;

/** A key defined in config: its id and hash (from `switchyard keys generate` or `keys hash`), never the key. */
export const ConfigKeySchema = KeyPolicySchema.extend({
  id: z.string().regex(KEY_ID_PATTERN, 'key ids are 4-64 lowercase letters and digits (the part between `sy-` and the next `-`)'),
  hash: z
    .string()
    .transform((s) => s.toLowerCase())
    .refine(isKeyHash, 'must be `sha256:` followed by 64 hex digits (see `switchyard keys hash`)'),
});

/** Bytes of a plaintext admin key: as much entropy as a gateway key's secret. */
const MIN_ADMIN_KEY_BYTES = 32;

/**
 * Admin keys printed in documentation and examples, refused at start (as plaintext or as their hash):
 * a copied example is public. `example-admin-key-change-me` was the preset's old default.
 */
export const EXAMPLE_ADMIN_KEYS: readonly string[] = Object.freeze(['example-admin-key-change-me', 'replace-with-a-long-random-admin-key']);
const EXAMPLE_HASHES = new Set(EXAMPLE_ADMIN_KEYS.map(hashKey));

/** `sha256:<hex>` as given, or the hash of a plaintext key. */
function adminKeyHash(s: string): string {
  return isKeyHash(s.toLowerCase()) ? s.toLowerCase() : hashKey(s);
}

// Messages never contain the key: they end up in logs and on terminals.
const AdminKeySchema = z
  .string()
  .superRefine((s, ctx) => {
    if (EXAMPLE_HASHES.has(adminKeyHash(s))) {
      ctx.addIssue({
        code: 'custom',
        message: 'is an example value from the documentation; generate a key: openssl rand -base64 32',
      });
    } else if (!isKeyHash(s.toLowerCase()) && Buffer.byteLength(s, 'utf8') < MIN_ADMIN_KEY_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `a plaintext admin key needs at least ${MIN_ADMIN_KEY_BYTES} bytes; generate one: openssl rand -base64 32`,
      });
    }
  })
  .transform(adminKeyHash);

export const AuthOptionsSchema = z
  .strictObject({
    /** Keys defined in config (hashes only). */
    keys: z.array(ConfigKeySchema).default([]),
    /** Where keys created at runtime live. `none`: config keys only. */
    store: z.enum(['sqlite', 'postgres', 'none']).default('sqlite'),
    /** SQLite file (`:memory:` for a throwaway store). */
    sqlitePath: z.string().min(1).default('./data/switchyard-auth.db'),
    postgresUrl: z.string().min(1).optional(),
    /**
     * Protects `/admin/*`: `sha256:<hex>`, or the key itself (e.g. `${ADMIN_KEY}`, 32 bytes or more),
     * hashed at load. No default: without one (or with an empty one) `/admin/*` is refused.
     */
    adminKey: z.preprocess((v) => (v === '' ? undefined : v), AdminKeySchema.optional()),
    /** Requests without any key pass as the `anonymous` principal (development only). A wrong key is still refused. */
    allowAnonymous: z.boolean().default(false),
    /** How long a verified (or unknown) key id is served from memory; also how long a revoke takes to reach other instances. */
    cacheTtlMs: z.number().int().nonnegative().default(10_000),
    cacheMaxEntries: z.number().int().positive().default(10_000),
  })
  .superRefine((o, ctx) => {
    if (o.store === 'postgres' && !o.postgresUrl) {
      ctx.addIssue({ code: 'custom', path: ['postgresUrl'], message: 'required when store is postgres' });
    }
    const seen = new Set<string>();
    o.keys.forEach((k, i) => {
      if (seen.has(k.id)) ctx.addIssue({ code: 'custom', path: ['keys', i, 'id'], message: `duplicate key id "${k.id}"` });
      seen.add(k.id);
    });
  });

export type AuthOptionsInput = z.input<typeof AuthOptionsSchema>;
export type AuthOptions = z.output<typeof AuthOptionsSchema>;
