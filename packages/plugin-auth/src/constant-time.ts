/** @module Constant-time comparison of fixed-length digests. */
import { timingSafeEqual } from 'node:crypto';

/**
 * True when `a` and `b` hold the same bytes. Callers compare SHA-256 digests, so lengths are fixed
 * and a length mismatch reveals nothing secret; it returns false instead of throwing.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
