/**
 * @module The Redis response store, shared by every instance: one key per record
 * (`<prefix><tenant>:<id>`) holding its JSON with a TTL, so Redis expires it. Short timeouts and no
 * offline queue: with Redis down, calls fail at once and the route answers 503.
 */
import { Redis } from 'ioredis';
import type { ResponseStore, StoredResponse } from './response-store.js';

export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis';
  private readonly client: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    timeoutMs: number,
    onError: (err: Error) => void,
  ) {
    this.client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    });
    // Without a listener ioredis prints every reconnect failure.
    this.client.on('error', onError);
  }

  private key(tenant: string, id: string): string {
    return `${this.prefix}${tenant}:${id}`;
  }

  async open(): Promise<void> {
    try {
      await this.client.connect();
    } catch {
      // Reported by the readiness check; ioredis keeps reconnecting in the background.
    }
  }

  async get(tenant: string, id: string): Promise<StoredResponse | undefined> {
    const text = await this.client.get(this.key(tenant, id));
    return text ? (JSON.parse(text) as StoredResponse) : undefined;
  }

  async put(record: StoredResponse, serialized: string): Promise<void> {
    const ttlMs = Math.max(1, record.expiresAt - Date.now());
    await this.client.set(this.key(record.tenant, record.id), serialized, 'PX', ttlMs);
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    return (await this.client.del(this.key(tenant, id))) > 0;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
