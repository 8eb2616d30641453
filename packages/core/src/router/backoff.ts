/** @module Exponential backoff with full jitter, honouring the upstream's retry-after. */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  jitter: boolean;
}

/** Delay before retry number `attempt` (0-based). A retry-after wins when it is longer. */
export function backoffDelay(attempt: number, opts: BackoffOptions, retryAfterSec?: number, rand = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
  const delay = opts.jitter ? exp / 2 + rand() * (exp / 2) : exp;
  const floor = retryAfterSec === undefined ? 0 : retryAfterSec * 1000;
  return Math.max(delay, floor);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
