/**
 * @module The fastify host: body parsing with limits, the error catalog on every failure path, the
 * OpenAI surface, health, and a drain flag for graceful shutdown.
 */
import type { Gateway } from '@switchyard/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { ServerConfig } from './config.js';
import { toHttpError } from './http-errors.js';
import { gatewayHeaders, requestIdFrom } from './request-context.js';
import { anthropicRoutes } from './routes/anthropic.js';
import { healthRoutes } from './routes/health.js';
import { openaiRoutes } from './routes/openai.js';
import { pluginRoutes } from './routes/plugin-routes.js';
import { responsesRoutes } from './routes/responses.js';

export interface AppOptions {
  gateway: Gateway;
  server: ServerConfig['server'];
  /** The pino logger shared with the gateway (see `createLogger`). */
  logger: PinoLogger;
  /** Extra route registrations (e.g. admin endpoints of plugins). */
  routes?: ((app: FastifyInstance, gateway: Gateway) => void)[];
}

export interface App {
  fastify: FastifyInstance;
  /** Marks the app as draining: `/readyz` turns 503 so load balancers stop sending. */
  startDrain(): void;
  isDraining(): boolean;
}

export function buildApp(options: AppOptions): App {
  const { gateway, server } = options;
  let draining = false;
  const fastify = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit: server.bodyLimit,
    // One line per request is written in onResponse below, with the gateway's fields.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  fastify.decorateRequest('syCtx', null);

  // Any content type is read as JSON (curl -d sends form encoding), with prototype-poisoning removal.
  fastify.addContentTypeParser('*', { parseAs: 'string' }, fastify.getDefaultJsonParser('remove', 'remove'));

  fastify.setErrorHandler((err, request, reply) => {
    const sy = toHttpError(err);
    const headers: Record<string, string> = request.syCtx ? gatewayHeaders(request.syCtx) : { 'x-request-id': request.id };
    if (sy.retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(sy.retryAfter)));
    if (sy.headers) Object.assign(headers, sy.headers);
    if (sy.status >= 500) request.log.warn({ code: sy.code, requestId: request.id, msg: sy.message }, 'request failed');
    if (sy.code === 'SY_ERR_INTERNAL') request.log.error({ err: sy.cause ?? sy, requestId: request.id }, 'internal error');
    if (reply.sent || reply.raw.headersSent) return;
    return reply.code(sy.status).headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(sy.toJSON()));
  });

  // While draining, every response closes its connection, so keep-alive clients move to other
  // instances and idle sockets do not hold the process open until the drain timeout.
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (draining) reply.raw.shouldKeepAlive = false;
    done();
  });

  fastify.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .header('x-request-id', request.id)
      .type('application/json; charset=utf-8')
      .send(
        JSON.stringify({
          error: {
            message: `No route for ${request.method} ${request.url.split('?')[0]}`,
            type: 'not_found_error',
            code: 'not_found',
            param: null,
          },
        }),
      );
  });

  if (options.logger.isLevelEnabled('info')) {
    fastify.addHook('onResponse', (request, reply, done) => {
      const ctx = request.syCtx;
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          ...(ctx ? { model: ctx.requestedModel, provider: ctx.provider, upstreamModel: ctx.upstreamModel, attempts: ctx.attempts } : {}),
        },
        'request',
      );
      done();
    });
  }

  openaiRoutes(fastify, gateway);
  anthropicRoutes(fastify, gateway);
  responsesRoutes(fastify, gateway, server.responses);
  healthRoutes(fastify, gateway, () => draining);
  pluginRoutes(fastify, gateway);
  for (const r of options.routes ?? []) r(fastify, gateway);

  return {
    fastify,
    startDrain: () => {
      draining = true;
    },
    isDraining: () => draining,
  };
}
