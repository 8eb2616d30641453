/**
 * @module Verifies presented keys against config keys and the store, with a short in-memory cache
 * so the hot path does no store I/O; creates, lists and revokes runtime keys.
 */
import { type Logger, SwitchyardError } from '@switchyard/core';
import { constantTimeEqual } from './constant-time.js';
import { digestOf, generateKey, hashKey, KEY_ID_PATTERN, parseKey } from './key-format.js';
import { type KeyInfo, type KeyRecord, keyInfo, keyStatus, type StoredKey, toKeyRecord } from './key-record.js';
import type { KeyStore } from './key-store.js';
import type { KeyPolicy } from './options.js';
import { TtlCache } from './ttl-cache.js';

export interface KeyRegistryOptions {
  cacheTtlMs: number;
  cacheMaxEntries: number;
  logger: Logger;
  now?: () => number;
}

export interface CreatedKey {
  /** The plaintext key: returned once, never stored. */
  key: string;
  id: string;
  hash: string;
  info: KeyInfo;
}

const unauthorized = (message: string) => new SwitchyardError('SY_ERR_UNAUTHORIZED', message);

/** Only a well-formed id is echoed, so a whole key pasted in place of an id never appears in a reply. */
export function keyNotFound(id: string): SwitchyardError {
  const which = KEY_ID_PATTERN.test(id) ? `id ${id}` : 'that id';
  return new SwitchyardError('SY_ERR_ROUTE_NOT_FOUND', `No key with ${which}`, { apiCode: 'key_not_found' });
}

const STATUS_MESSAGES = {
  revoked: 'This API key has been revoked',
  disabled: 'This API key is disabled',
  expired: 'This API key has expired',
} as const;

/** Policy input (from config, the admin API or the CLI) as a stored record. */
export function storedKeyFrom(policy: KeyPolicy, id: string, hash: string, createdAt: number | undefined): StoredKey {
  return {
    id,
    hash,
    team: policy.team,
    user: policy.user,
    name: policy.name,
    models: policy.models,
    feature: policy.feature,
    customer: policy.customer,
    tags: policy.tags,
    allowAttributionHeaders: policy.allowAttributionHeaders,
    expiresAt: policy.expiresAt === undefined ? undefined : Date.parse(policy.expiresAt),
    disabled: policy.disabled,
    createdAt,
    revokedAt: undefined,
  };
}

export class KeyRegistry {
  private readonly configKeys = new Map<string, KeyRecord>();
  /** Store lookups by id; `null` remembers an unknown id (ids are random, so a later create is not hidden). */
  private readonly cache: TtlCache<KeyRecord | null>;
  private readonly inflight = new Map<string, Promise<KeyRecord | null>>();
  /** Bumped by every write, so a lookup that raced a revoke never caches the stale record. */
  private generation = 0;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(
    configKeys: readonly StoredKey[],
    private readonly store: KeyStore | undefined,
    options: KeyRegistryOptions,
  ) {
    for (const k of configKeys) this.configKeys.set(k.id, toKeyRecord(k, 'config'));
    this.now = options.now ?? Date.now;
    this.cache = new TtlCache(options.cacheTtlMs, options.cacheMaxEntries, this.now);
    this.logger = options.logger;
  }

  /** The key's record, or the error to answer with. The message never contains the key. */
  async verify(presented: string): Promise<KeyRecord | SwitchyardError> {
    const parsed = parseKey(presented);
    if (!parsed) return unauthorized('Invalid API key: not a key issued by this gateway');
    let record: KeyRecord | null;
    try {
      record = await this.lookup(parsed.id);
    } catch (e) {
      this.logger.warn({ keyId: parsed.id, msg: (e as Error).message }, 'auth: key store lookup failed');
      return new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', 'The API key could not be checked: the key store is unavailable', {
        retryAfter: 1,
      });
    }
    if (!record || !constantTimeEqual(digestOf(presented), record.digest)) return unauthorized('Invalid API key');
    const status = keyStatus(record.stored, this.now());
    return status === 'active' ? record : unauthorized(STATUS_MESSAGES[status]);
  }

  private lookup(id: string): Promise<KeyRecord | null> | KeyRecord | null {
    const fromConfig = this.configKeys.get(id);
    if (fromConfig) return fromConfig;
    if (!this.store) return null;
    const cached = this.cache.get(id);
    if (cached) return cached.value;
    let p = this.inflight.get(id);
    if (!p) {
      const store = this.store;
      const generation = this.generation;
      const load = (async () => {
        const stored = await store.get(id);
        const record = stored ? toKeyRecord(stored, 'store') : null;
        if (generation === this.generation) this.cache.set(id, record);
        return record;
      })().finally(() => {
        if (this.inflight.get(id) === load) this.inflight.delete(id);
      });
      this.inflight.set(id, load);
      p = load;
    }
    return p;
  }

  private requireStore(): KeyStore {
    if (!this.store) {
      throw new SwitchyardError(
        'SY_ERR_INVALID_REQUEST',
        'No key store is configured (plugins.auth.store is "none"): define keys in config',
        {
          apiCode: 'key_store_disabled',
        },
      );
    }
    return this.store;
  }

  private async storeCall<T>(what: string, fn: (store: KeyStore) => Promise<T>): Promise<T> {
    const store = this.requireStore();
    try {
      return await fn(store);
    } catch (e) {
      this.logger.warn({ msg: (e as Error).message }, `auth: key store ${what} failed`);
      throw new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', `The key store is unavailable (${what} failed)`, { cause: e, retryAfter: 1 });
    }
  }

  /** Creates and stores a key; the plaintext is in the result only. */
  async create(policy: KeyPolicy): Promise<CreatedKey> {
    this.requireStore();
    let generated = generateKey();
    while (this.configKeys.has(generated.id)) generated = generateKey();
    const { id, key } = generated;
    const hash = hashKey(key);
    const stored = storedKeyFrom(policy, id, hash, this.now());
    await this.storeCall('insert', (s) => s.insert(stored));
    this.forget(id);
    return { key, id, hash, info: keyInfo(stored, 'store') };
  }

  /** Config keys first, then stored keys; no hashes. */
  async list(): Promise<KeyInfo[]> {
    const out = [...this.configKeys.values()].map((r) => keyInfo(r.stored, 'config'));
    if (this.store) out.push(...(await this.storeCall('list', (s) => s.list())).map((k) => keyInfo(k, 'store')));
    return out;
  }

  async get(id: string): Promise<KeyInfo | undefined> {
    if (!KEY_ID_PATTERN.test(id)) return undefined;
    const fromConfig = this.configKeys.get(id);
    if (fromConfig) return keyInfo(fromConfig.stored, 'config');
    if (!this.store) return undefined;
    const stored = await this.storeCall('get', (s) => s.get(id));
    return stored ? keyInfo(stored, 'store') : undefined;
  }

  /** Revokes a stored key; takes effect here at once and on other instances within the cache TTL. */
  async revoke(id: string): Promise<void> {
    if (!KEY_ID_PATTERN.test(id)) throw keyNotFound(id);
    if (this.configKeys.has(id)) {
      throw new SwitchyardError('SY_ERR_INVALID_REQUEST', `Key ${id} is defined in config: remove it (or set disabled: true) there`, {
        apiCode: 'key_in_config',
        status: 409,
      });
    }
    const done = await this.storeCall('revoke', (s) => s.revoke(id, this.now()));
    this.forget(id);
    if (!done) {
      const existing = await this.storeCall('get', (s) => s.get(id));
      if (!existing) throw keyNotFound(id);
    }
  }

  private forget(id: string): void {
    this.generation++;
    this.cache.delete(id);
    this.inflight.delete(id);
  }

  async ping(): Promise<void> {
    await this.store?.ping();
  }
}
