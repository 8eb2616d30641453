/**
 * @module The store contract both backends implement with the same semantics: `admit` checks every
 * counter of a request and reserves on all of them or on none (atomically); `settle` adjusts them
 * after the reply.
 */

/**
 * One counter a request must fit under.
 * - `rate`: a GCRA bucket of `limit` units per `windowMs` (see `gcra.ts`).
 * - `fixed`: a calendar window whose id is part of `key` (USD per day / month); expires after `ttlMs`.
 * - `lease`: in-flight requests; `member` identifies this request's slot.
 */
export type CounterSpec =
  | { kind: 'rate'; key: string; limit: number; amount: number; windowMs: number }
  | { kind: 'fixed'; key: string; limit: number; amount: number; ttlMs: number }
  | { kind: 'lease'; key: string; limit: number; member: string; leaseMs: number };

/**
 * A counter as it stood before this request. `value` is, for `rate`, the bucket's level at the
 * store's `now` (scaled: units x windowMs); for `fixed`, the amount used; for `lease`, the requests
 * in flight.
 */
export interface CounterState {
  ok: boolean;
  value: number;
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
  | { kind: 'rate'; key: string; limit: number; windowMs: number; delta: number }
  | { kind: 'fixed'; key: string; delta: number }
  | { kind: 'lease'; key: string; member: string };

export interface QuotaStore {
  /**
   * `admissionId` is unique per admission: a store that can lose track of a call (Redis timing out)
   * uses it to make the admission take effect at most once and to undo it if the caller gave up.
   */
  admit(counters: readonly CounterSpec[], admissionId: string): Promise<AdmitResult>;
  /** Corrects the admission `admissionId` after the reply (and forgets it). */
  settle(settlements: readonly Settlement[], admissionId: string): Promise<void>;
  close(): Promise<void>;
}
