/** @module Key records: the stored shape (hash, never the key), and the verified in-memory form with its principal. */
import type { Principal } from '@switchyard/core';
import { hashDigest } from './key-format.js';
import { compileModelMatcher, type ModelMatcher } from './model-match.js';

/** A key as the store and config hold it. Times are epoch milliseconds. */
export interface StoredKey {
  id: string;
  /** `sha256:<hex>` of the whole key. */
  hash: string;
  team: string;
  user: string;
  name: string | undefined;
  models: string[];
  feature: string | undefined;
  customer: string | undefined;
  tags: string[];
  allowAttributionHeaders: boolean;
  expiresAt: number | undefined;
  disabled: boolean;
  createdAt: number | undefined;
  revokedAt: number | undefined;
}

export type KeySource = 'config' | 'store';

/** What admin listings show: everything but the hash. */
export type KeyInfo = Omit<StoredKey, 'hash'> & { source: KeySource };

/** A key ready for the hot path: digest decoded, models compiled, principal frozen once. */
export interface KeyRecord {
  readonly stored: StoredKey;
  readonly source: KeySource;
  readonly digest: Buffer;
  readonly allowsModel: ModelMatcher;
  readonly principal: Principal;
}

export function toKeyRecord(stored: StoredKey, source: KeySource): KeyRecord {
  const principal: Principal = { keyId: stored.id, team: stored.team, user: stored.user };
  if (stored.name) principal.keyName = stored.name;
  return {
    stored,
    source,
    digest: hashDigest(stored.hash),
    allowsModel: compileModelMatcher(stored.models),
    principal: Object.freeze(principal),
  };
}

export function keyInfo(stored: StoredKey, source: KeySource): KeyInfo {
  const { hash: _hash, ...rest } = stored;
  return { ...rest, source };
}

export type KeyStatus = 'active' | 'revoked' | 'disabled' | 'expired';

export function keyStatus(k: Pick<StoredKey, 'revokedAt' | 'disabled' | 'expiresAt'>, now = Date.now()): KeyStatus {
  if (k.revokedAt !== undefined) return 'revoked';
  if (k.disabled) return 'disabled';
  if (k.expiresAt !== undefined && k.expiresAt <= now) return 'expired';
  return 'active';
}
