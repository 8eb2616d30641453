/** @module Per-target circuit breaker: open after N consecutive failures, one half-open probe after a cooldown. */

type State = { failures: number; openedAt: number; probing: boolean };

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private readonly states = new Map<string, State>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether a request may go to `key` now. In half-open, only one probe at a time is let through. */
  allow(key: string): boolean {
    if (this.options.failureThreshold === 0) return true;
    const s = this.states.get(key);
    if (!s || s.failures < this.options.failureThreshold) return true;
    if (this.now() - s.openedAt < this.options.cooldownMs) return false;
    if (s.probing) return false;
    s.probing = true;
    return true;
  }

  state(key: string): CircuitState {
    const s = this.states.get(key);
    if (!s || s.failures < this.options.failureThreshold || this.options.failureThreshold === 0) return 'closed';
    return this.now() - s.openedAt < this.options.cooldownMs ? 'open' : 'half-open';
  }

  success(key: string): void {
    if (this.states.has(key)) this.states.delete(key);
  }

  failure(key: string): void {
    if (this.options.failureThreshold === 0) return;
    const s = this.states.get(key) ?? { failures: 0, openedAt: 0, probing: false };
    s.failures++;
    s.probing = false;
    if (s.failures >= this.options.failureThreshold) s.openedAt = this.now();
    this.states.set(key, s);
  }

  /** Releases a half-open probe that ended without a verdict (e.g. the client left). */
  release(key: string): void {
    const s = this.states.get(key);
    if (s) s.probing = false;
  }
}
