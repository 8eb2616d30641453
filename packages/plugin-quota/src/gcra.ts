/**
 * @module GCRA (the generic cell rate algorithm) for per-minute limits, in its continuous-state
 * leaky-bucket form and in integer arithmetic, shared by the memory store, the headers and
 * retry-after, and mirrored operation for operation by the Redis admit script.
 *
 * A limit of `limit` units per `windowMs` is a bucket that drains `limit` units per window. Its
 * state is the level at a time; the level is kept scaled by `windowMs` (`units x windowMs`), so a
 * request of `n` units adds `n x windowMs` and each millisecond drains `limit`: every quantity is an
 * integer below 2^53 (limits are capped so `limit x windowMs` stays below it), so the arithmetic is
 * exact. A request fits when the level plus its amount stays within `limit x windowMs`. Unlike a
 * sliding-window counter, the wait this gives is exact and never longer than the window.
 */

/** The level at `now` of a bucket that stood at `level` at time `at` (drained, never below zero). */
export function gcraLevel(level: number, at: number, now: number, limit: number): number {
  return Math.max(0, level - Math.max(0, now - at) * limit);
}

/** Whether `amount` more fits on a bucket at `level` (already drained to now). */
export function gcraFits(level: number, amount: number, limit: number, windowMs: number): boolean {
  return level + amount * windowMs <= limit * windowMs;
}

/** Ms until `amount` fits on a bucket at `level` (drained to now); undefined when it never can. Never above `windowMs`. */
export function gcraWaitMs(level: number, amount: number, limit: number, windowMs: number): number | undefined {
  if (amount > limit) return undefined;
  const excess = level + amount * windowMs - limit * windowMs;
  return excess <= 0 ? 0 : Math.ceil(excess / limit);
}

/** Whole units still available on a bucket at `level`. */
export function gcraRemaining(level: number, limit: number, windowMs: number): number {
  return Math.max(0, Math.floor((limit * windowMs - level) / windowMs));
}

/** Ms until a bucket at `level` is empty (the whole limit available again). */
export function gcraResetMs(level: number, limit: number): number {
  return Math.ceil(level / limit);
}

/**
 * A bucket at `level` corrected by `delta` units after the reply (negative releases). It stays within
 * [0, limit x windowMs]: use beyond the limit is not carried past one window, so no wait exceeds it.
 */
export function gcraCorrect(level: number, delta: number, limit: number, windowMs: number): number {
  return Math.min(limit * windowMs, Math.max(0, level + delta * windowMs));
}
