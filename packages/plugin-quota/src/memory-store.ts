/**
 * @module The in-process store (one instance). Every admit checks and reserves all counters in one
 * synchronous block, so concurrent async requests can never interleave between check and reserve.
 */
import { slidingCount } from './sliding-window.js';
import type { AdmitResult, CounterSpec, CounterState, QuotaStore, Settlement } from './store.js';

interface Sliding {
  window: number;
  cur: number;
  prev: number;
  windowMs: number;
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
  private readonly sliding = new Map<string, Sliding>();
  private readonly fixed = new Map<string, Fixed>();
  private readonly leases = new Map<string, number>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
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
      case 'sliding': {
        const index = Math.floor(now / c.windowMs);
        const e = this.sliding.get(c.key);
        let cur = 0;
        let prev = 0;
        if (e?.window === index) {
          cur = e.cur;
          prev = e.prev;
        } else if (e?.window === index - 1) prev = e.cur;
        const elapsedMs = now - index * c.windowMs;
        return { ok: slidingCount(prev, cur, elapsedMs, c.windowMs) + c.amount <= c.limit, prev, cur, elapsedMs };
      }
      case 'fixed': {
        const e = this.fixed.get(c.key);
        const used = e && e.expiresAt > now ? e.used : 0;
        return { ok: used + c.amount <= c.limit, prev: 0, cur: used, elapsedMs: 0 };
      }
      case 'lease': {
        const n = this.leases.get(c.key) ?? 0;
        return { ok: n + 1 <= c.limit, prev: 0, cur: n, elapsedMs: 0 };
      }
    }
  }

  private reserve(c: CounterSpec, s: CounterState, now: number): void {
    switch (c.kind) {
      case 'sliding':
        this.sliding.set(c.key, { window: Math.floor(now / c.windowMs), cur: s.cur + c.amount, prev: s.prev, windowMs: c.windowMs });
        break;
      case 'fixed': {
        const e = this.fixed.get(c.key);
        if (e && e.expiresAt > now) e.used += c.amount;
        else this.fixed.set(c.key, { used: c.amount, expiresAt: now + c.ttlMs });
        break;
      }
      case 'lease':
        this.leases.set(c.key, s.cur + 1);
        break;
    }
  }

  settle(settlements: readonly Settlement[]): Promise<void> {
    for (const s of settlements) {
      switch (s.kind) {
        case 'sliding': {
          const e = this.sliding.get(s.key);
          if (e?.window === s.windowIndex) e.cur = Math.max(0, e.cur + s.delta);
          else if (e?.window === s.windowIndex + 1) e.prev = Math.max(0, e.prev + s.delta);
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

  /** Drops windows nothing can read any more, so idle scopes do not accumulate. */
  sweep(): void {
    const now = this.now();
    for (const [k, e] of this.sliding) if (Math.floor(now / e.windowMs) - e.window >= 2) this.sliding.delete(k);
    for (const [k, e] of this.fixed) if (e.expiresAt <= now) this.fixed.delete(k);
  }

  /** Number of live entries, for tests of expiry. */
  size(): number {
    return this.sliding.size + this.fixed.size + this.leases.size;
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
