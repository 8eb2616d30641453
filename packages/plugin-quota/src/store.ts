/**
 * @module The store contract both backends implement with the same semantics: `admit` checks every
 * counter of a request and reserves on all of them or on none (atomically); `settle` adjusts them
 * after the reply.
 */

/**
 * One counter a request must fit under.
 * - `sliding`: a sliding-window counter (this window's count plus the previous window's count
 *   weighted by how much of it still overlaps the last `windowMs`).
 * - `fixed`: a calendar window whose id is part of `key` (USD per day / month); expires after `ttlMs`.
 * - `lease`: in-flight requests; `member` identifies this request's slot.
 */
export type CounterSpec =
  | { kind: 'sliding'; key: string; limit: number; amount: number; windowMs: number }
  | { kind: 'fixed'; key: string; limit: number; amount: number; ttlMs: number }
  | { kind: 'lease'; key: string; limit: number; member: string; leaseMs: number };

/**
 * A counter as it stood before this request. `cur` is the count (of the current window, for
 * `sliding`); `prev` and `elapsedMs` (into the current window) are set for `sliding` only.
 */
export interface CounterState {
  ok: boolean;
  prev: number;
  cur: number;
  elapsedMs: number;
}

export interface AdmitResult {
  /** True when every counter had room and all were reserved. */
  ok: boolean;
  /** The store's clock, ms. */
  now: number;
  states: CounterState[];
}

/** A correction after the reply: `delta` is real minus reserved (negative releases). */
export type Settlement =
  | { kind: 'sliding'; key: string; windowIndex: number; delta: number }
  | { kind: 'fixed'; key: string; delta: number }
  | { kind: 'lease'; key: string; member: string };

export interface QuotaStore {
  admit(counters: readonly CounterSpec[]): Promise<AdmitResult>;
  settle(settlements: readonly Settlement[]): Promise<void>;
  close(): Promise<void>;
}
