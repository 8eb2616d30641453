/**
 * @module The streaming pipeline: upstream bytes -> decoder -> provider `fromStreamEvent` -> composed
 * synchronous transformers -> `streamPart` observers -> consumer. Pull-based: nothing is read from
 * upstream until the consumer asks, so backpressure reaches the upstream socket (and a slow consumer
 * does not count as an idle upstream). One batch of parts per upstream chunk keeps per-part awaits
 * off the hot path.
 */
import type { RequestContext } from '../context.js';
import { SwitchyardError } from '../errors.js';
import type { StreamTransformer } from '../hooks.js';
import { mapTransportError } from '../http/upstream-client.js';
import type { SseEvent } from '../provider.js';
import type { ChatRequest } from '../schema/chat-request.js';
import type { ErrorPart, StreamPart } from '../schema/stream-part.js';
import { estimateUsage, OutputText } from '../usage/estimate-usage.js';
import { abandonStream, type StartedStream } from './stream-start.js';
import { invalidResponse } from './upstream-check.js';

export type PartBatch = readonly StreamPart[];

export interface StreamEnd {
  status: 'success' | 'error' | 'aborted';
  error: SwitchyardError | undefined;
  /** What was produced, for estimating usage when the stream ended without it. */
  output?: OutputText;
}

export interface PartSink {
  /** Runs per emitted part, after transformers (observers, usage capture, assembly). */
  observe(part: StreamPart): void;
  /** Runs exactly once, when the stream ends for any reason. */
  end(result: StreamEnd): void;
}

/** Applies transformers in order, one part at a time; `flush` drains each in order through the rest. */
export function composeTransformers(transformers: readonly StreamTransformer[], ctx: RequestContext) {
  if (transformers.length === 0) return null;
  const through = (t: StreamTransformer, parts: StreamPart[]): StreamPart[] => {
    const next: StreamPart[] = [];
    for (const p of parts) {
      const r = t.transform(p, ctx);
      if (r === null) continue;
      if (Array.isArray(r)) next.push(...r);
      else next.push(r);
    }
    return next;
  };
  return {
    push(parts: StreamPart[]): StreamPart[] {
      let current = parts;
      for (const t of transformers) current = through(t, current);
      return current;
    },
    flush(): StreamPart[] {
      let carry: StreamPart[] = [];
      for (const t of transformers) {
        carry = through(t, carry);
        if (t.flush) carry = carry.concat(t.flush(ctx));
      }
      return carry;
    },
  };
}

/**
 * An async iterator over part batches whose `return()` cleans up even when iteration never began
 * (a plain async generator skips its `finally` if it was never started).
 */
export class PartStream implements AsyncIterableIterator<PartBatch> {
  private started = false;

  constructor(
    private readonly gen: AsyncGenerator<PartBatch, void, undefined>,
    private readonly onAbandon: () => void,
  ) {}

  next(): Promise<IteratorResult<PartBatch>> {
    this.started = true;
    return this.gen.next();
  }

  async return(): Promise<IteratorResult<PartBatch>> {
    if (!this.started) {
      this.started = true;
      this.onAbandon();
    }
    return this.gen.return(undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * On the pass-through path, an ordinary content chunk is forwarded as text. Errors, the usage chunk
 * (`choices: []`) and `[DONE]` still go through the provider so usage and failures are seen.
 */
function isPlainChunk(evt: SseEvent): boolean {
  const d = evt.data;
  return (
    (evt.event === undefined || evt.event === 'message') &&
    d.charCodeAt(0) === 123 /* { */ &&
    !d.startsWith('{"error"') &&
    !d.includes('"choices":[]')
  );
}

/**
 * The part stream of a started upstream stream. Upstream errors end it with an `error` part; a wait
 * for content longer than `streamIdleMs` (keep-alive comments and ping events do not count) ends it
 * with a timeout.
 */
export function upstreamPartStream(
  req: ChatRequest,
  started: StartedStream,
  ctx: RequestContext,
  transformers: readonly StreamTransformer[],
  sink: PartSink,
  passthrough = false,
): PartStream {
  const { inst, call, deadline, body, decoder } = started;
  let ended = false;
  const end = (r: StreamEnd) => {
    if (ended) return;
    ended = true;
    sink.end(r);
  };
  const pipeline = composeTransformers(transformers, ctx);
  const produced = new OutputText();
  const emit = (parts: StreamPart[]): StreamPart[] => {
    for (const p of parts) produced.add(p);
    const out = pipeline ? pipeline.push(parts) : parts;
    for (const p of out) sink.observe(p);
    return out;
  };
  async function* run(): AsyncGenerator<PartBatch, void, undefined> {
    const def = inst.def;
    const state = def.createStreamState(call);
    let result: StreamEnd = { status: 'aborted', error: undefined };
    try {
      try {
        let events: readonly SseEvent[] = started.events;
        const done = started.done;
        let bytes = 0;
        for (;;) {
          let parts: StreamPart[] = [];
          for (const evt of events) {
            if (passthrough && isPlainChunk(evt)) {
              parts.push({ type: 'raw', data: evt.data });
              continue;
            }
            const p = def.fromStreamEvent(evt, state);
            if (p.length) parts = parts.length ? parts.concat(p) : p;
          }
          // Only content ends a wait: events that translate to nothing (pings) are as idle as comments.
          if (parts.length) deadline.gotData();
          const failAt = parts.findIndex((p) => p.type === 'error');
          if (failAt !== -1) {
            // An error the upstream reported in-stream ends the stream: nothing after it is read.
            const failure: ErrorPart = { type: 'error', error: inst.scrubber.error((parts[failAt] as ErrorPart).error) };
            const out = emit(parts.slice(0, failAt));
            sink.observe(failure);
            result = { status: 'error', error: failure.error };
            yield out.concat(failure);
            return;
          }
          if (parts.length) {
            const out = emit(parts);
            if (out.length) yield out;
          }
          if (done) break;
          deadline.waitForData();
          const r = await body.next();
          if (r.done) break;
          events = decoder.push(r.value);
          if (events.length) {
            bytes = 0;
            continue;
          }
          bytes += r.value.byteLength;
          if (bytes > started.maxEventBytes) throw invalidResponse(inst, `a stream event larger than ${started.maxEventBytes} bytes`);
        }
        const tail: StreamPart[] = [];
        for (const evt of decoder.end()) tail.push(...def.fromStreamEvent(evt, state));
        if (def.endStream) tail.push(...def.endStream(state));
        let out = emit(tail);
        // Usage is never lost: when the upstream sent none, count it and say so.
        if (!produced.sawUsage) out = out.concat(emit([{ type: 'usage', usage: await estimateUsage(req, produced) }]));
        const flushed = pipeline ? pipeline.flush() : [];
        for (const p of flushed) sink.observe(p);
        if (out.length || flushed.length) yield out.concat(flushed);
        result = { status: 'success', error: undefined };
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        const error = inst.scrubber.error(deadline.timedOut ?? (SwitchyardError.isInstance(e) ? e : mapTransportError(e, inst.name)));
        result = { status: 'error', error };
        const errPart: StreamPart = { type: 'error', error };
        sink.observe(errPart);
        yield [errPart];
      }
    } finally {
      if (result.status === 'success') deadline.dispose();
      else abandonStream(started);
      end({ ...result, output: produced });
    }
  }

  return new PartStream(run(), () => {
    abandonStream(started);
    end({ status: 'aborted', error: undefined, output: produced });
  });
}

/** A stream over already-known parts (cache hits). */
export function staticPartStream(
  parts: StreamPart[],
  ctx: RequestContext,
  transformers: readonly StreamTransformer[],
  sink: PartSink,
): PartStream {
  let ended = false;
  const end = (r: StreamEnd) => {
    if (ended) return;
    ended = true;
    sink.end(r);
  };
  async function* run(): AsyncGenerator<PartBatch, void, undefined> {
    let status: StreamEnd['status'] = 'aborted';
    try {
      const pipeline = composeTransformers(transformers, ctx);
      const out = pipeline ? pipeline.push(parts).concat(pipeline.flush()) : parts;
      for (const p of out) sink.observe(p);
      yield out;
      status = 'success';
    } finally {
      end({ status, error: undefined });
    }
  }
  return new PartStream(run(), () => end({ status: 'aborted', error: undefined }));
}
