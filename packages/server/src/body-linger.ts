/**
 * @module Answers given before the body was read. Closing a socket with unread data sends a reset, so
 * the client saw "connection error" instead of the answer (SDKs retried the upload). The unread body
 * is read and dropped, bounded in bytes and time: for 413 and 415 while the answer is sent (the
 * connection stays usable); for answers that close the connection (drain, `Host` refused) before it.
 */
import type { SwitchyardError } from '@switchyard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** At most this many more bytes are read and dropped. */
export const LINGER_BYTES = 128 * 1024 * 1024;
/** For at most this long. */
export const LINGER_MS = 10_000;

/** Reads `request`'s unread body to its end; resolves false (socket destroyed) past the bounds. */
function readOut(request: FastifyRequest): Promise<boolean> {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      raw.removeListener('data', onData);
      raw.removeListener('end', onEnd);
      raw.removeListener('close', onClose);
      if (!ok) raw.socket?.destroy();
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > LINGER_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(raw.complete);
    const timer = setTimeout(() => finish(false), LINGER_MS);
    timer.unref();
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onClose);
    raw.resume();
  });
}

/**
 * Before an error answer: for 413/415 the unread body is read out while the answer goes (fastify's
 * `connection: close` is dropped: the body is framed, so the connection stays usable); for answers
 * that close the connection (drain, `Host` refused) it is read out first.
 */
export async function beforeEarlyAnswer(err: SwitchyardError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.raw.complete) return;
  if (err.code === 'SY_ERR_BODY_TOO_LARGE' || err.code === 'SY_ERR_UNSUPPORTED_MEDIA_TYPE') {
    reply.removeHeader('connection');
    void readOut(request);
  } else if (err.code === 'SY_ERR_SHUTTING_DOWN' || err.code === 'SY_ERR_HOST_NOT_ALLOWED') {
    await readOut(request);
  }
}
