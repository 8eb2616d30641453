/**
 * @module One access log line per request, with the gateway's fields. Every field that can carry
 * request or upstream text is bounded, so a log line never holds an unbounded string from a client.
 */
import type { FastifyInstance } from 'fastify';

/** Longest string written from a request or an upstream into a log field. */
export const MAX_LOGGED_CHARS = 256;

/** `s` cut to `max` characters, saying how long it was. */
export function bounded(s: string, max = MAX_LOGGED_CHARS): string {
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}

export function accessLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const ctx = request.syCtx;
    request.log.info(
      {
        method: request.method,
        url: bounded(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(ctx
          ? {
              model: bounded(ctx.requestedModel),
              provider: ctx.provider,
              upstreamModel: ctx.upstreamModel === undefined ? undefined : bounded(ctx.upstreamModel),
              attempts: ctx.attempts,
            }
          : {}),
      },
      'request',
    );
    done();
  });
}
