/**
 * @module The gateway key format and its hash. A key is `sy-<id>-<secret>`: `id` is 12 lowercase
 * base32 characters (60 random bits, not secret, used to look the key up), `secret` is 32 random
 * bytes in base64url (256 bits). Only `sha256:<hex>` of the whole key string is ever stored.
 */
import { hash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'sy-';
/** Key ids: lowercase letters and digits, no `-`, so the first `-` after the id ends it. */
export const KEY_ID_PATTERN = /^[a-z0-9]{4,64}$/;
const KEY_PATTERN = /^sy-([a-z0-9]{4,64})-([A-Za-z0-9_-]{20,256})$/;
const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export interface ParsedKey {
  id: string;
}

/** The id of a well-formed key, or undefined. Never returns or logs the secret. */
export function parseKey(presented: string): ParsedKey | undefined {
  const m = KEY_PATTERN.exec(presented);
  return m ? { id: m[1] as string } : undefined;
}

export function newKeyId(): string {
  const bytes = randomBytes(12);
  let id = '';
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}

/** A new key for `id` (or a fresh id). */
export function generateKey(id = newKeyId()): { id: string; key: string } {
  return { id, key: `${KEY_PREFIX}${id}-${randomBytes(32).toString('base64url')}` };
}

/** `sha256:<64 hex>`: the form stored in the key table and in config. */
export function hashKey(plaintext: string): string {
  return `sha256:${hash('sha256', plaintext, 'hex')}`;
}

export function isKeyHash(value: string): boolean {
  return HASH_PATTERN.test(value);
}

/** The 32-byte digest of a `sha256:<hex>` string. */
export function hashDigest(hash: string): Buffer {
  return Buffer.from(hash.slice('sha256:'.length), 'hex');
}

/** The digest of a presented key, for comparison with a stored digest (one-shot `crypto.hash`: half the cost of createHash). */
export function digestOf(plaintext: string): Buffer {
  return hash('sha256', plaintext, 'buffer');
}
