/**
 * @module Sliding-window counter arithmetic, shared by the memory store, the header and retry-after
 * maths, and mirrored line for line by the Redis admit script (same IEEE operations, same order).
 */

/** The count over the last window: the previous window weighted by its remaining overlap, plus this one. */
export function slidingCount(prev: number, cur: number, elapsedMs: number, windowMs: number): number {
  return (prev * (windowMs - elapsedMs)) / windowMs + cur;
}

/** Ms until `amount` more fits under `limit`; undefined when it never can (amount > limit). */
export function slidingWaitMs(
  prev: number,
  cur: number,
  elapsedMs: number,
  windowMs: number,
  amount: number,
  limit: number,
): number | undefined {
  if (amount > limit) return undefined;
  if (slidingCount(prev, cur, elapsedMs, windowMs) + amount <= limit) return 0;
  if (cur + amount <= limit) {
    // Within this window, once enough of the previous window has slid out.
    const at = windowMs - (windowMs * (limit - amount - cur)) / prev;
    return Math.max(0, Math.ceil(at - elapsedMs));
  }
  // Next window: this window's count becomes the decaying previous one.
  const at = windowMs - (windowMs * (limit - amount)) / cur;
  return windowMs - elapsedMs + Math.max(0, Math.ceil(at));
}

/** Ms until the counter is back to zero (the limit fully available again). */
export function slidingResetMs(prev: number, cur: number, elapsedMs: number, windowMs: number): number {
  if (cur > 0) return 2 * windowMs - elapsedMs;
  if (prev > 0) return windowMs - elapsedMs;
  return 0;
}
