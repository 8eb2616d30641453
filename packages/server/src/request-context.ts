/** @module Per-request glue between fastify and core: context creation, client-abort signal, response headers. */
import { randomUUID } from 'node:crypto';
import type { Endpoint, Gateway, RequestContext } from '@switchyard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerValue } from './header-values.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's `x-request-id` is kept when it is safe to echo; otherwise a new id is made. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && SAFE_ID.test(v) ? v : randomUUID();
}

declare module 'fastify' {
  interface FastifyRequest {
    syCtx: RequestContext | null;
  }
}

/** Creates the context; its signal aborts when the client disconnects before the reply is finished. */
export function contextFor(gateway: Gateway, endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): RequestContext {
  const ac = new AbortController();
  const res = reply.raw;
  res.once('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  const ctx = gateway.createContext(endpoint, { id: request.id, headers: request.headers, signal: ac.signal });
  request.syCtx = ctx;
  return ctx;
}

/**
 * The DESIGN.md response headers, from what the request context knows now. Values that can carry
 * request- or upstream-derived text are encoded (see header-values.ts).
 */
export function gatewayHeaders(ctx: RequestContext): Record<string, string> {
  const h: Record<string, string> = { 'x-request-id': ctx.id };
  const extra = ctx.responseHeaders;
  for (const k in extra) h[k] = headerValue(extra[k] as string);
  if (ctx.provider) h['x-switchyard-provider'] = headerValue(ctx.provider);
  if (ctx.upstreamModel) h['x-switchyard-model'] = headerValue(ctx.upstreamModel);
  h['x-switchyard-cache'] = ctx.cache === 'bypass' ? 'miss' : ctx.cache;
  h['x-switchyard-attempts'] = String(ctx.attempts);
  if (ctx.costUsd !== undefined) h['x-switchyard-cost-usd'] = ctx.costUsd.toFixed(8);
  return h;
}
