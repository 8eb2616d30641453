/** @module Maps fastify's own errors and anything thrown in a route to the catalog's OpenAI error JSON. */
import { SwitchyardError, toSwitchyardError } from '@switchyard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { gatewayHeaders } from './request-context.js';

const FASTIFY_CODES: Record<string, () => SwitchyardError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new SwitchyardError('SY_ERR_BODY_TOO_LARGE', 'The request body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new SwitchyardError('SY_ERR_UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type: send application/json'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new SwitchyardError('SY_ERR_INVALID_JSON', 'The request body is empty: send a JSON object'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new SwitchyardError('SY_ERR_INVALID_REQUEST', 'The content-length header does not match the body'),
};

export function toHttpError(err: unknown): SwitchyardError {
  if (SwitchyardError.isInstance(err)) return err;
  const e = err as { code?: string; statusCode?: number; message?: string; name?: string };
  const known = e?.code ? FASTIFY_CODES[e.code] : undefined;
  if (known) return known();
  if (e?.name === 'SyntaxError' || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new SwitchyardError('SY_ERR_INVALID_JSON', `The request body is not valid JSON: ${e.message ?? ''}`.trim());
  }
  if (e?.statusCode === 413) return new SwitchyardError('SY_ERR_BODY_TOO_LARGE', 'The request body is too large');
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new SwitchyardError('SY_ERR_INVALID_REQUEST', 'The request could not be read', { status: e.statusCode, cause: err });
  }
  return toSwitchyardError(err);
}

/** Node's refusals of a header name or value at writeHead. */
function isHeaderError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_INVALID_CHAR' || code === 'ERR_HTTP_INVALID_HEADER_VALUE';
}

/**
 * The gateway headers for an error answer. When the error is a header Node refused, every header set
 * so far is dropped and only `x-request-id` is sent, so the error answer itself can be written.
 */
export function errorReplyHeaders(err: unknown, request: FastifyRequest, reply: FastifyReply): Record<string, string> {
  if (!isHeaderError(err)) return request.syCtx ? gatewayHeaders(request.syCtx) : { 'x-request-id': request.id };
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  return { 'x-request-id': request.id };
}
