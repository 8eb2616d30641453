/**
 * @module Writes server-sent events with backpressure (waits for `drain`, stops when the client
 * leaves) and lets the event loop run during streams whose chunks arrive faster than timers fire.
 */
import type { ServerResponse } from 'node:http';

/** Writes `text`; resolves false when the client is gone. Listeners are removed either way. */
export function writeSse(res: ServerResponse, text: string): boolean | Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(text)) return true;
  return new Promise((resolve) => {
    const settle = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** A stream never holds the event loop longer than this between turns (health checks, other requests). */
const TURN_MS = 10;

/**
 * Returns a function to await after each batch: it yields one event-loop turn when `TURN_MS` passed
 * since the last, since an in-process upstream or a fast socket can feed a stream without ever yielding.
 */
export function eventLoopTurns(): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < TURN_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;
