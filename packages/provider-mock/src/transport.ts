/**
 * @module The in-process transport: the engine's answer served as an UpstreamResponse whose body
 * yields the same bytes the HTTP handler writes, one SSE event per chunk, with the configured delays.
 * An abort stops the bytes and ends the body with an AbortError, as undici does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { UpstreamRequest, UpstreamResponse } from '@switchyard/core';
import { ENGINE_HEADER, engineFor } from './engine-registry.js';
import type { MockExchange } from './exchange.js';

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

/** What undici throws when the server closes the socket mid-body. */
function socketClosed(): Error {
  return Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' });
}

async function wait(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw abortError(signal);
  }
}

const encoder = new TextEncoder();

async function* bodyOf(ex: MockExchange, signal: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  for (let i = 0; i < ex.frames.length; i++) {
    if (i > 0 && ex.chunkDelayMs > 0) await wait(ex.chunkDelayMs, signal);
    if (signal.aborted) throw abortError(signal);
    yield encoder.encode(ex.frames[i]);
  }
  if (ex.drop) throw socketClosed();
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) out[k.toLowerCase()] = headers[k] as string;
  return out;
}

export async function mockTransport(req: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
  const headers = lowerCase(req.headers);
  const engine = engineFor(headers[ENGINE_HEADER]);
  const path = req.url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const ex = engine.handle(req.method, path, req.body ?? '', headers);
  if (ex.latencyMs > 0) await wait(ex.latencyMs, signal);
  else if (signal.aborted) throw abortError(signal);
  return { status: ex.status, headers: { ...ex.headers }, body: bodyOf(ex, signal) };
}
