/**
 * @module The in-process store (one instance). Every admit checks and reserves all counters in one
 * synchronous block, so concurrent async requests can never interleave between check and reserve;
 * nor can it time out, so admission ids need no bookkeeping here.
 */
import { gcraCorrect, gcraFits, gcraLevel } from './gcra.js';
import type { AdmitResult, CounterSpec, CounterState, QuotaStore, Settlement } from './store.js';

interface Bucket {
  /** Level at `at` (units x windowMs). */
  level: number;
  at: number;
  limit: number;
}

interface Fixed {
  used: number;
  expiresAt: number;
}

const SWEEP_MS = 60_000;

export interface MemoryStoreOptions {
  /** Clock, for tests. */
  now?: () => number;
}

export class MemoryQuotaStore implements QuotaStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly fixed = new Map<string, Fixed>();
  private readonly leases = new Map<string, number>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  admit(counters: readonly CounterSpec[]): Promise<AdmitResult> {
    return Promise.resolve(this.admitSync(counters));
  }

  admitSync(counters: readonly CounterSpec[]): AdmitResult {
    const now = this.now();
    const states: CounterState[] = [];
    let ok = true;
    for (const c of counters) {
      const s = this.read(c, now);
      if (!s.ok) ok = false;
      states.push(s);
    }
    if (ok) for (let i = 0; i < counters.length; i++) this.reserve(counters[i] as CounterSpec, states[i] as CounterState, now);
    return { ok, now, states };
  }

  private read(c: CounterSpec, now: number): CounterState {
    switch (c.kind) {
      case 'rate': {
        const b = this.buckets.get(c.key);
        const level = b ? gcraLevel(b.level, b.at, now, c.limit) : 0;
        return { ok: gcraFits(level, c.amount, c.limit, c.windowMs), value: level };
      }
      case 'fixed': {
        const e = this.fixed.get(c.key);
        const used = e && e.expiresAt > now ? e.used : 0;
        return { ok: used + c.amount <= c.limit, value: used };
      }
      case 'lease': {
        const n = this.leases.get(c.key) ?? 0;
        return { ok: n + 1 <= c.limit, value: n };
      }
    }
  }

  private reserve(c: CounterSpec, s: CounterState, now: number): void {
    switch (c.kind) {
      case 'rate':
        this.buckets.set(c.key, { level: s.value + c.amount * c.windowMs, at: now, limit: c.limit });
        break;
      case 'fixed': {
        const e = this.fixed.get(c.key);
        if (e && e.expiresAt > now) e.used += c.amount;
        else this.fixed.set(c.key, { used: c.amount, expiresAt: now + c.ttlMs });
        break;
      }
      case 'lease':
        this.leases.set(c.key, s.value + 1);
        break;
    }
  }

  settle(settlements: readonly Settlement[]): Promise<void> {
    const now = this.now();
    for (const s of settlements) {
      switch (s.kind) {
        case 'rate': {
          const b = this.buckets.get(s.key);
          if (!b) break;
          b.level = gcraCorrect(gcraLevel(b.level, b.at, now, s.limit), s.delta, s.limit, s.windowMs);
          b.at = now;
          break;
        }
        case 'fixed': {
          const e = this.fixed.get(s.key);
          if (e) e.used = Math.max(0, e.used + s.delta);
          break;
        }
        case 'lease': {
          const n = (this.leases.get(s.key) ?? 0) - 1;
          if (n > 0) this.leases.set(s.key, n);
          else this.leases.delete(s.key);
          break;
        }
      }
    }
    return Promise.resolve();
  }

  /** Drops empty buckets and ended budget windows, so idle scopes do not accumulate. */
  sweep(): void {
    const now = this.now();
    for (const [k, b] of this.buckets) if (gcraLevel(b.level, b.at, now, b.limit) === 0) this.buckets.delete(k);
    for (const [k, e] of this.fixed) if (e.expiresAt <= now) this.fixed.delete(k);
  }

  /** Number of live entries, for tests of expiry. */
  size(): number {
    return this.buckets.size + this.fixed.size + this.leases.size;
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
