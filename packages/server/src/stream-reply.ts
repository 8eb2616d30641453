/**
 * @module Sends a part stream as SSE on a hijacked reply. Whatever fails while writing (a header
 * Node refuses, the client leaving, an encoder error), the stream is returned, so the upstream is
 * released and `complete` runs exactly once; a failure before the headers went out is answered 500.
 */
import type { PartBatch, PartStream, RequestContext } from '@switchyard/core';
import { SwitchyardError } from '@switchyard/core';
import type { FastifyReply } from 'fastify';
import { gatewayHeaders } from './request-context.js';
import { eventLoopTurns, SSE_HEADERS, writeSse } from './sse.js';

export interface SseEncoder {
  /** The SSE text for one batch of parts. */
  batch(parts: PartBatch): string;
  /** The closing events (usage, `[DONE]`, `message_stop`). */
  end(): string;
}

/** The answer when a stream fails before its headers are sent, in the error shape of the endpoint. */
export type EarlyFailure = (err: SwitchyardError) => { status: number; body: string };

export async function sendStream(
  reply: FastifyReply,
  ctx: RequestContext,
  stream: PartStream,
  enc: SseEncoder,
  early: EarlyFailure,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  const turn = eventLoopTurns();
  try {
    res.writeHead(200, { ...SSE_HEADERS, ...gatewayHeaders(ctx) });
    for await (const batch of stream) {
      const out = enc.batch(batch);
      if (out && !(await writeSse(res, out))) return;
      await turn();
    }
    if (await writeSse(res, enc.end())) res.end();
  } catch (e) {
    // A client that left is not a failure; anything else is logged with its code only.
    if (!res.destroyed) reply.log.warn({ requestId: ctx.id, code: (e as { code?: unknown })?.code }, 'stream write failed');
    if (!res.headersSent && !res.destroyed) {
      const err = new SwitchyardError('SY_ERR_INTERNAL', 'The response could not be written');
      const { status, body } = early(err);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': ctx.id });
      res.end(body);
    }
  } finally {
    await stream.return();
    if (!res.writableEnded) res.destroy();
  }
}
