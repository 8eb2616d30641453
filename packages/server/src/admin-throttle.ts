/**
 * @module Slows down guessing the admin key: per remote address, after `FREE_FAILURES` wrong keys,
 * each further attempt must wait (doubling from 1 s up to 5 min) and is refused with 429
 * `too_many_failed_attempts` and `retry-after` before the key is even checked. Memory is bounded
 * (an LRU of addresses); a correct key clears the address.
 */
import { SwitchyardError } from '@switchyard/core';
import { LRUCache } from 'lru-cache';

/** Wrong keys allowed before waits begin. */
export const FREE_FAILURES = 5;
const BASE_WAIT_MS = 1_000;
const MAX_WAIT_MS = 5 * 60_000;
/** An address forgotten this long after its last failure starts over. */
const FORGET_MS = 15 * 60_000;

interface Failures {
  count: number;
  blockedUntil: number;
}

export class AdminThrottle {
  private readonly byAddress = new LRUCache<string, Failures>({ max: 10_000, ttl: FORGET_MS });

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws 429 while `address` must wait. */
  check(address: string): void {
    const f = this.byAddress.get(address, { updateAgeOnGet: false });
    const wait = f ? f.blockedUntil - this.now() : 0;
    if (wait > 0) {
      throw new SwitchyardError('SY_ERR_TOO_MANY_FAILED_ATTEMPTS', 'Too many wrong admin keys from this address: wait and retry', {
        retryAfter: wait / 1000,
      });
    }
  }

  failed(address: string): void {
    const f = this.byAddress.get(address) ?? { count: 0, blockedUntil: 0 };
    f.count++;
    if (f.count >= FREE_FAILURES) {
      f.blockedUntil = this.now() + Math.min(MAX_WAIT_MS, BASE_WAIT_MS * 2 ** (f.count - FREE_FAILURES));
    }
    this.byAddress.set(address, f);
  }

  succeeded(address: string): void {
    this.byAddress.delete(address);
  }
}
