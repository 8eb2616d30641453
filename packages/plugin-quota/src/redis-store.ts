/**
 * @module The Redis store: one atomic Lua script per admit (all counters, all-or-nothing) and one per
 * settle, so several gateway instances sharing a Redis enforce one limit. Short timeouts and no
 * offline queue: with Redis down, calls fail at once and the plugin applies its fail mode.
 */
import { Redis } from 'ioredis';
import { ADMIT_LUA, RENEW_LUA, SETTLE_LUA } from './redis-scripts.js';
import type { AdmitResult, CounterSpec, CounterState, QuotaStore, Settlement } from './store.js';

type Script = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

interface ScriptedRedis extends Redis {
  quotaAdmit: Script;
  quotaSettle: Script;
  quotaRenew: Script;
}

export interface RedisStoreOptions {
  url: string;
  /** Connect and command timeout, ms. */
  timeoutMs?: number;
  /** Lifetime of a concurrency slot without renewal, ms. */
  leaseMs?: number;
  /** Called when the store becomes unreachable (`up: false`, with the error) and when it is back. */
  onAvailability?: (up: boolean, err?: unknown) => void;
  /** Clock for tests; by default the scripts use Redis `TIME`, one clock for every instance. */
  now?: () => number;
}

const KIND = { sliding: 'w', fixed: 'f', lease: 'c' } as const;

export class RedisQuotaStore implements QuotaStore {
  readonly client: ScriptedRedis;
  private readonly leaseMs: number;
  private readonly now: (() => number) | undefined;
  private readonly onAvailability: (up: boolean, err?: unknown) => void;
  /** This instance's live concurrency slots (member -> key), renewed until settled. */
  private readonly leases = new Map<string, string>();
  private readonly renewer: NodeJS.Timeout;
  private up = true;

  constructor(options: RedisStoreOptions) {
    const timeout = options.timeoutMs ?? 300;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.now = options.now;
    this.onAvailability = options.onAvailability ?? (() => {});
    this.client = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: timeout,
      commandTimeout: timeout,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    }) as ScriptedRedis;
    this.client.defineCommand('quotaAdmit', { lua: ADMIT_LUA });
    this.client.defineCommand('quotaSettle', { lua: SETTLE_LUA });
    this.client.defineCommand('quotaRenew', { lua: RENEW_LUA });
    // Without a listener ioredis prints every reconnect failure; availability is reported once instead.
    this.client.on('error', (err) => this.down(err));
    this.client.on('ready', () => this.markUp());
    this.renewer = setInterval(() => void this.renew(), Math.max(500, Math.floor(this.leaseMs / 3)));
    this.renewer.unref();
  }

  /** Connects; a Redis that is down at boot is reported and retried in the background. */
  async connect(): Promise<void> {
    try {
      await this.client.connect();
    } catch (err) {
      this.down(err);
    }
  }

  private down(err: unknown): void {
    if (!this.up) return;
    this.up = false;
    this.onAvailability(false, err);
  }

  private markUp(): void {
    if (this.up) return;
    this.up = true;
    this.onAvailability(true);
  }

  private clockArg(): string {
    return this.now ? String(this.now()) : '';
  }

  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      const r = await call();
      this.markUp();
      return r;
    } catch (err) {
      this.down(err);
      throw err;
    }
  }

  async admit(counters: readonly CounterSpec[]): Promise<AdmitResult> {
    const args: (string | number)[] = [counters.length];
    for (const c of counters) args.push(c.key);
    args.push(this.clockArg());
    for (const c of counters) {
      if (c.kind === 'lease') args.push(KIND.lease, c.limit, c.member, c.leaseMs);
      else args.push(KIND[c.kind], c.limit, c.amount, c.kind === 'sliding' ? c.windowMs : c.ttlMs);
    }
    const raw = (await this.run(() => this.client.quotaAdmit(...(args as [number, ...string[]])))) as number[];
    const states: CounterState[] = [];
    for (let i = 0; i < counters.length; i++) {
      const o = 2 + i * 4;
      states.push({ ok: raw[o] === 1, prev: Number(raw[o + 1]), cur: Number(raw[o + 2]), elapsedMs: Number(raw[o + 3]) });
    }
    const ok = raw[0] === 1;
    if (ok) for (const c of counters) if (c.kind === 'lease') this.leases.set(c.member, c.key);
    return { ok, now: Number(raw[1]), states };
  }

  async settle(settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    const args: (string | number)[] = [settlements.length];
    for (const s of settlements) args.push(s.key);
    for (const s of settlements) {
      if (s.kind === 'sliding') args.push(KIND.sliding, s.windowIndex, s.delta);
      else if (s.kind === 'fixed') args.push(KIND.fixed, '', s.delta);
      else {
        args.push(KIND.lease, s.member, '');
        this.leases.delete(s.member);
      }
    }
    await this.run(() => this.client.quotaSettle(...(args as [number, ...string[]])));
  }

  private async renew(): Promise<void> {
    if (this.leases.size === 0 || this.client.status !== 'ready') return;
    const keys = [...this.leases.values()];
    const members = [...this.leases.keys()];
    try {
      await this.client.quotaRenew(keys.length, ...keys, this.clockArg(), this.leaseMs, ...members);
    } catch (err) {
      this.down(err);
    }
  }

  /** For `/readyz`: connected and answering a PING. */
  async health(): Promise<{ ok: boolean; detail?: string }> {
    if (this.client.status !== 'ready') return { ok: false, detail: `redis ${this.client.status}` };
    try {
      await this.client.ping();
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    clearInterval(this.renewer);
    this.client.removeAllListeners('error');
    this.client.on('error', () => {});
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else this.client.disconnect();
  }
}
