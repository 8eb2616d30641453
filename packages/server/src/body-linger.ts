/**
 * @module After an answer given before the body was read (413 too large, 415), keep reading and
 * discarding the body, bounded in bytes and time, so a client still uploading reads the answer. Closing
 * at once reset the connection under the upload: SDKs reported "Connection error" and retried it.
 */
import type { SwitchyardError } from '@switchyard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** At most this many more bytes are read and dropped. */
export const LINGER_BYTES = 128 * 1024 * 1024;
/** For at most this long. */
export const LINGER_MS = 10_000;

/** Drains the unread body of `request` while `reply` is sent; the connection stays usable if it ends in time. */
export function lingerOnUnreadBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return;
  // fastify marks such answers `connection: close`; the body is framed, so reading it out is safe.
  reply.removeHeader('connection');
  let seen = 0;
  const stop = () => {
    clearTimeout(timer);
    raw.removeListener('data', onData);
  };
  const cut = () => {
    stop();
    raw.socket?.destroy();
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > LINGER_BYTES) cut();
  };
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  raw.on('data', onData);
  raw.once('end', stop);
  raw.once('close', stop);
  raw.resume();
}

/** Lingers for the errors answered before the body was read: too large, unsupported media type. */
export function lingerIfUnread(err: SwitchyardError, request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'SY_ERR_BODY_TOO_LARGE' || err.code === 'SY_ERR_UNSUPPORTED_MEDIA_TYPE') lingerOnUnreadBody(request, reply);
}
