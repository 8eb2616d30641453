/**
 * @module The Redis store: one atomic Lua script per admit (all counters, all-or-nothing) and one per
 * settle, so several gateway instances sharing a Redis enforce one limit. No offline queue: with
 * Redis down, calls fail at once and the plugin applies its fail mode. A stalled Redis is bounded by
 * a lag-aware deadline; an admission the plugin gave up on is undone (see `release`).
 */
import { Redis } from 'ioredis';
import { ADMIT_LUA, RELEASE_LUA, RENEW_LUA, SETTLE_LUA } from './redis-scripts.js';
import { withDeadline } from './reply-deadline.js';
import type { AdmitResult, CounterSpec, CounterState, QuotaStore, Settlement } from './store.js';

type Script = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

interface ScriptedRedis extends Redis {
  quotaAdmit: Script;
  quotaSettle: Script;
  quotaRelease: Script;
  quotaRenew: Script;
}

export interface RedisStoreOptions {
  url: string;
  /** Connect timeout, and how long a call may wait for its reply while the event loop is responsive, ms. */
  timeoutMs?: number;
  /** Lifetime of a concurrency slot without renewal, ms. */
  leaseMs?: number;
  /** Prefix of the admission records' keys. */
  keyPrefix?: string;
  /** Called when the store becomes unreachable (`up: false`, with the error) and when it is back. */
  onAvailability?: (up: boolean, err?: unknown) => void;
  /** Clock for tests; by default the scripts use Redis `TIME`, one clock for every instance. */
  now?: () => number;
}

const KIND = { rate: 'r', fixed: 'f', lease: 'c' } as const;
/** An admission still queued in Redis this long after its caller gave up takes nothing. */
const DEADLINE_SLACK_MS = 1_000;
/** Admission records outlive what they guard: a lease, a rate window. */
const MIN_RECORD_MS = 60_000;
/** Undos waiting for Redis to be reachable again, at most (beyond, leases and windows expire on their own). */
const MAX_PENDING_RELEASES = 10_000;

interface PendingRelease {
  args: (string | number)[];
  until: number;
}

/** A release gives back all an admission took: the whole amount, and the slot. */
function releaseArgs(c: CounterSpec): (string | number)[] {
  switch (c.kind) {
    case 'rate':
      return [KIND.rate, c.limit, c.windowMs, -c.amount];
    case 'fixed':
      return [KIND.fixed, '', '', -c.amount];
    case 'lease':
      return [KIND.lease, c.member, '', ''];
  }
}

function settleArgs(s: Settlement): (string | number)[] {
  switch (s.kind) {
    case 'rate':
      return [KIND.rate, s.limit, s.windowMs, s.delta];
    case 'fixed':
      return [KIND.fixed, '', '', s.delta];
    case 'lease':
      return [KIND.lease, s.member, '', ''];
  }
}

export class RedisQuotaStore implements QuotaStore {
  readonly client: ScriptedRedis;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly recordMs: number;
  private readonly keyPrefix: string;
  private readonly now: (() => number) | undefined;
  private readonly onAvailability: (up: boolean, err?: unknown) => void;
  /** This instance's live concurrency slots (member -> key), renewed until settled. */
  private readonly leases = new Map<string, string>();
  /** Undos of admissions this instance gave up on, until Redis has run them (record key -> args). */
  private readonly pendingReleases = new Map<string, PendingRelease>();
  /** Redis clock minus ours: a lower bound, learned from replies (a reply is always older than its receipt). */
  private clockOffset: number | undefined;
  private readonly renewer: NodeJS.Timeout;
  private up = true;

  constructor(options: RedisStoreOptions) {
    this.timeoutMs = options.timeoutMs ?? 300;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.recordMs = Math.max(this.leaseMs, MIN_RECORD_MS);
    this.keyPrefix = options.keyPrefix ?? 'switchyard:quota:';
    this.now = options.now;
    this.onAvailability = options.onAvailability ?? (() => {});
    this.client = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: this.timeoutMs,
      // No commandTimeout: ioredis would time out replies still unread behind a stalled event loop.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    }) as ScriptedRedis;
    this.client.defineCommand('quotaAdmit', { lua: ADMIT_LUA });
    this.client.defineCommand('quotaSettle', { lua: SETTLE_LUA });
    this.client.defineCommand('quotaRelease', { lua: RELEASE_LUA });
    this.client.defineCommand('quotaRenew', { lua: RENEW_LUA });
    // Without a listener ioredis prints every reconnect failure; availability is reported once instead.
    this.client.on('error', (err) => this.down(err));
    this.client.on('ready', () => {
      this.markUp();
      this.resendReleases();
    });
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

  /**
   * The latest store time at which this admission may still take effect: past it, the caller has
   * given up (its deadline, extended once for a stalled loop, plus slack). Unknown before the first reply.
   */
  private deadlineArg(): string {
    const storeNow = this.now ? this.now() : this.clockOffset === undefined ? undefined : Date.now() + this.clockOffset;
    return storeNow === undefined ? '' : String(storeNow + 2 * this.timeoutMs + DEADLINE_SLACK_MS);
  }

  private learnClock(storeNow: number): void {
    if (this.now) return;
    const sample = storeNow - Date.now();
    if (this.clockOffset === undefined || sample > this.clockOffset) this.clockOffset = sample;
  }

  private recordKey(admissionId: string): string {
    return `${this.keyPrefix}admission:${admissionId}`;
  }

  private async run<T>(call: Promise<T>): Promise<T> {
    try {
      const r = await withDeadline(call, this.timeoutMs);
      this.markUp();
      return r;
    } catch (err) {
      this.down(err);
      throw err;
    }
  }

  async admit(counters: readonly CounterSpec[], admissionId: string): Promise<AdmitResult> {
    const record = this.recordKey(admissionId);
    const args: (string | number)[] = [counters.length + 1];
    for (const c of counters) args.push(c.key);
    args.push(record, this.clockArg(), this.recordMs, this.deadlineArg());
    for (const c of counters) {
      if (c.kind === 'lease') args.push(KIND.lease, c.limit, c.member, c.leaseMs);
      else args.push(KIND[c.kind], c.limit, c.amount, c.kind === 'rate' ? c.windowMs : c.ttlMs);
    }
    let raw: number[];
    try {
      raw = (await this.run(this.client.quotaAdmit(...(args as [number, ...string[]])))) as number[];
    } catch (err) {
      // Redis may still run it (it stalled with the script queued) or have run it unseen: undo it.
      this.release(counters, record);
      throw err;
    }
    if (raw[0] === -1) throw new Error('quota admission reached Redis after its deadline; it took nothing');
    this.learnClock(Number(raw[1]));
    const states: CounterState[] = [];
    for (let i = 0; i < counters.length; i++) states.push({ ok: raw[2 + i * 2] === 1, value: Number(raw[3 + i * 2]) });
    const ok = raw[0] === 1;
    if (ok) for (const c of counters) if (c.kind === 'lease') this.leases.set(c.member, c.key);
    return { ok, now: Number(raw[1]), states };
  }

  /**
   * Queues the undo of an admission this instance gave up on. Sent on the same connection, Redis runs
   * it after the admission; if Redis is unreachable it is sent again once it is back.
   */
  private release(counters: readonly CounterSpec[], record: string): void {
    const args: (string | number)[] = [counters.length + 1];
    for (const c of counters) args.push(c.key);
    args.push(record, this.clockArg(), this.recordMs);
    for (const c of counters) args.push(...releaseArgs(c));
    if (this.pendingReleases.size >= MAX_PENDING_RELEASES) {
      const oldest = this.pendingReleases.keys().next().value as string;
      this.pendingReleases.delete(oldest);
    }
    this.pendingReleases.set(record, { args, until: Date.now() + this.recordMs });
    this.sendRelease(record, args);
  }

  private sendRelease(record: string, args: (string | number)[]): void {
    if (this.client.status !== 'ready') return;
    // Not under a deadline: it must run eventually, whenever Redis answers. Lost connection: sent again.
    this.client.quotaRelease(...(args as [number, ...string[]])).then(
      () => this.pendingReleases.delete(record),
      () => {},
    );
  }

  private resendReleases(): void {
    const now = Date.now();
    for (const [record, p] of this.pendingReleases) {
      if (p.until <= now) this.pendingReleases.delete(record);
      else this.sendRelease(record, p.args);
    }
  }

  async settle(settlements: readonly Settlement[], admissionId: string): Promise<void> {
    const args: (string | number)[] = [settlements.length + 1];
    for (const s of settlements) args.push(s.key);
    args.push(this.recordKey(admissionId), this.clockArg());
    for (const s of settlements) {
      args.push(...settleArgs(s));
      if (s.kind === 'lease') this.leases.delete(s.member);
    }
    await this.run(this.client.quotaSettle(...(args as [number, ...string[]])));
  }

  private async renew(): Promise<void> {
    if (this.leases.size === 0 || this.client.status !== 'ready') return;
    const keys = [...this.leases.values()];
    const members = [...this.leases.keys()];
    try {
      await withDeadline(this.client.quotaRenew(keys.length, ...keys, this.clockArg(), this.leaseMs, ...members), this.timeoutMs);
    } catch (err) {
      this.down(err);
    }
  }

  /** Undos still waiting for Redis, for tests. */
  pendingReleaseCount(): number {
    return this.pendingReleases.size;
  }

  /** For `/readyz`: connected and answering a PING. */
  async health(): Promise<{ ok: boolean; detail?: string }> {
    if (this.client.status !== 'ready') return { ok: false, detail: `redis ${this.client.status}` };
    try {
      await withDeadline(this.client.ping(), this.timeoutMs);
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
