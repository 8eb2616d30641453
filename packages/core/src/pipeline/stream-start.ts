/**
 * @module Starting a stream: nothing is committed to the client until the upstream's first events
 * translate to parts. An error event there, undecodable bytes, or a body that ends first fail the
 * try before the first byte, where the router may still retry or fall back.
 */
import { SwitchyardError } from '../errors.js';
import { mapTransportError } from '../http/upstream-client.js';
import type { SseEvent, UpstreamCall, UpstreamResponse } from '../provider.js';
import { createFastSseDecoder, createNdjsonDecoder, createSseDecoder, type EventDecoder } from '../stream/event-decoder.js';
import type { ProviderInstance } from './provider-instances.js';
import type { RequestDeadline } from './request-deadline.js';
import { invalidResponse } from './upstream-check.js';

/** An upstream stream that passed its start: what the part stream continues from. */
export interface StartedStream {
  readonly inst: ProviderInstance;
  readonly call: UpstreamCall;
  readonly deadline: RequestDeadline;
  /** The upstream body, already being read. */
  readonly body: AsyncIterator<Uint8Array>;
  readonly decoder: EventDecoder;
  /** Events decoded while starting, not yet translated. */
  readonly events: readonly SseEvent[];
  /** The body already ended (a short answer arrived whole). */
  readonly done: boolean;
  /** Largest single event, in bytes. */
  readonly maxEventBytes: number;
}

/** The body's iterator; `for await` also takes sync iterables (an array of chunks from a transport), so this does too. */
export function bodyIterator(body: AsyncIterable<Uint8Array>): AsyncIterator<Uint8Array> {
  if (typeof body[Symbol.asyncIterator] === 'function') return body[Symbol.asyncIterator]();
  return (async function* () {
    yield* body;
  })();
}

function decoderFor(inst: ProviderInstance): EventDecoder {
  if (inst.def.streamFormat === 'ndjson') return createNdjsonDecoder();
  // The fast decoder yields the same events; it only pays off on the pass-through path.
  return inst.def.passthrough ? createFastSseDecoder() : createSseDecoder();
}

/** An error in the first events: a provider's own error report keeps its meaning, garbage does not. */
function startError(inst: ProviderInstance, err: SwitchyardError): SwitchyardError {
  return err.code === 'SY_ERR_UPSTREAM_PROTOCOL' ? invalidResponse(inst, 'a first stream event it could not read', err.upstreamBody) : err;
}

/**
 * Reads until events translate to parts, on a scratch stream state so the real translation later
 * sees them afresh. Keep-alive comments and ping events are read past, bounded by the deadline's
 * idle timer and `maxEventBytes`.
 */
export async function startStream(
  inst: ProviderInstance,
  call: UpstreamCall,
  response: UpstreamResponse,
  deadline: RequestDeadline,
  maxEventBytes: number,
): Promise<StartedStream> {
  const def = inst.def;
  const decoder = decoderFor(inst);
  const scratch = def.createStreamState(call);
  const body = bodyIterator(response.body);
  const events: SseEvent[] = [];
  let bytes = 0;
  try {
    for (;;) {
      deadline.waitForData();
      const r = await body.next();
      const batch = r.done ? decoder.end() : decoder.push(r.value);
      for (const evt of batch) events.push(evt);
      for (let i = events.length - batch.length; i < events.length; i++) {
        const parts = def.fromStreamEvent(events[i] as SseEvent, scratch);
        const failed = parts.find((p) => p.type === 'error');
        if (failed?.type === 'error') throw startError(inst, failed.error);
        if (parts.length) {
          deadline.gotData();
          return { inst, call, deadline, body, decoder, events, done: r.done === true, maxEventBytes };
        }
      }
      if (r.done) throw invalidResponse(inst, 'a stream that ended before any data');
      bytes = batch.length ? 0 : bytes + r.value.byteLength;
      if (bytes > maxEventBytes) throw invalidResponse(inst, `no stream event in ${maxEventBytes} bytes`);
    }
  } catch (e) {
    // The sender ends the exchange of a failed try; an in-process transport's body ends here.
    void body.return?.().catch(() => {});
    if (SwitchyardError.isInstance(e)) throw e;
    throw deadline.timedOut ?? mapTransportError(e, inst.name);
  }
}

/** Ends a started stream nobody will read: its exchange, its timers and its body. */
export function abandonStream(started: StartedStream): void {
  started.deadline.endTry();
  started.deadline.dispose();
  void started.body.return?.().catch(() => {});
}
