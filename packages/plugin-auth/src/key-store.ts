/** @module The contract of a store for keys created at runtime (SQLite, PostgreSQL). */
import type { StoredKey } from './key-record.js';

export interface KeyStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Connects and creates the table if needed. */
  open(): Promise<void>;
  get(id: string): Promise<StoredKey | undefined>;
  /** Fails if the id exists. */
  insert(key: StoredKey): Promise<void>;
  list(): Promise<StoredKey[]>;
  /** Marks the key revoked; false when no such key (or already revoked). */
  revoke(id: string, at: number): Promise<boolean>;
  /** Throws when the store cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Table name shared by both stores. */
export const KEY_TABLE = 'switchyard_auth_keys';
