/** @module Writes server-sent events with backpressure: waits for `drain`, stops when the client leaves. */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/** Writes `text`; resolves false when the client is gone. */
export async function writeSse(res: ServerResponse, text: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(text)) return true;
  const closed = once(res, 'close').then(() => false);
  const drained = once(res, 'drain').then(() => true);
  return Promise.race([drained, closed]);
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;
