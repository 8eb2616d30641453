/**
 * @module The embedded response store: one instance's memory, bounded by bytes with the oldest
 * records evicted first, each record kept as its JSON text (so callers never share objects with it)
 * and dropped once its TTL has passed.
 */
import type { ResponseStore, StoredResponse } from './response-store.js';

interface Entry {
  text: string;
  bytes: number;
  expiresAt: number;
}

export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory';
  /** Insertion order is age order: the first entries are evicted first. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(): Promise<void> {}

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  async get(tenant: string, id: string): Promise<StoredResponse | undefined> {
    const key = `${tenant}:${id}`;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.drop(key, e);
      return undefined;
    }
    return JSON.parse(e.text) as StoredResponse;
  }

  async put(record: StoredResponse, serialized: string): Promise<void> {
    const key = `${record.tenant}:${record.id}`;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const bytes = Buffer.byteLength(serialized);
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes && e.expiresAt > now) break;
      this.drop(k, e);
    }
    this.entries.set(key, { text: serialized, bytes, expiresAt: record.expiresAt });
    this.bytes += bytes;
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const key = `${tenant}:${id}`;
    const e = this.entries.get(key);
    if (!e) return false;
    this.drop(key, e);
    return e.expiresAt > this.now();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }
}
