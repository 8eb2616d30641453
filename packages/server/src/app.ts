/**
 * @module The fastify host: server timeouts and limits, JSON-only bodies with a depth limit, the
 * `Host` check on loopback, the error catalog on every failure path, the OpenAI and Anthropic
 * surfaces, health, and the drain state (503 `shutting_down` for new requests).
 */
import type { Gateway } from '@switchyard/core';
import { SwitchyardError } from '@switchyard/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { accessLog, bounded } from './access-log.js';
import { beforeEarlyAnswer } from './body-linger.js';
import type { ServerConfig } from './config.js';
import { headerValues } from './header-values.js';
import { hostAllowList } from './host-allow-list.js';
import { errorReplyHeaders, toHttpError } from './http-errors.js';
import { registerJsonParser } from './json-body.js';
import { isLoopbackHost } from './open-access.js';
import { requestIdFrom } from './request-context.js';
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
  /** Marks the app as draining: `/readyz` turns 503, new requests get 503 `shutting_down`, connections close after their answer. */
  startDrain(): void;
  isDraining(): boolean;
  /** Resolves when every route handler running now has finished (streams included). */
  settled(): Promise<void>;
}

/** Answered while draining, so probes see the drain instead of a refusal. */
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);
/** Seconds a client refused during a drain should wait (another instance answers meanwhile). */
const DRAIN_RETRY_AFTER_S = 1;

export function buildApp(options: AppOptions): App {
  const { gateway, server } = options;
  let draining = false;
  const fastify = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit: server.bodyLimit,
    // One line per request is written in onResponse (access-log.ts), with the gateway's fields.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    // The drain answers in the gateway's error shape (below) and keeps idle keep-alive sockets (server.ts).
    return503OnClosing: false,
    forceCloseConnections: false,
    requestTimeout: server.requestTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    // Node checks request and headers timeouts on this interval (30 s by default, far too coarse).
    http: { connectionsCheckingInterval: process.env.CCI ? 30000 : Math.max(50, Math.min(1000, Math.floor(server.headersTimeoutMs / 4))) },
  });
  fastify.server.headersTimeout = server.headersTimeoutMs;
  if (server.maxConnections > 0) fastify.server.maxConnections = server.maxConnections;
  fastify.decorateRequest('syCtx', null);
  registerJsonParser(fastify);

  // Every handler's promise is tracked, so a drain waits for streams to end (and `complete` to run).
  const inflight = new Set<Promise<unknown>>();
  fastify.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function tracked(this: FastifyInstance, request, reply) {
      const p = handler.call(this, request, reply) as unknown;
      if (p instanceof Promise) {
        inflight.add(p);
        const done = () => inflight.delete(p);
        p.then(done, done);
      }
      return p as ReturnType<typeof handler>;
    };
  });

  fastify.setErrorHandler(async (err, request, reply) => {
    const sy = toHttpError(err);
    await beforeEarlyAnswer(sy, request, reply);
    const headers = errorReplyHeaders(err, request, reply);
    if (sy.retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(sy.retryAfter)));
    if (sy.headers) Object.assign(headers, headerValues(sy.headers));
    if (sy.status >= 500) request.log.warn({ code: sy.code, requestId: request.id, msg: bounded(sy.message, 1024) }, 'request failed');
    if (sy.code === 'SY_ERR_INTERNAL') request.log.error({ err: sy.cause ?? sy, requestId: request.id }, 'internal error');
    if (reply.sent || reply.raw.headersSent) return;
    return reply.code(sy.status).headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(sy.toJSON()));
  });

  // The listening port (0 in config picks one); kept, since a draining server no longer has an address.
  let boundPort = server.port;
  fastify.server.on('listening', () => {
    const addr = fastify.server.address();
    if (typeof addr === 'object' && addr) boundPort = addr.port;
  });
  const port = () => boundPort;
  const checkHost = isLoopbackHost(server.host) ? hostAllowList(server.allowedHosts, port) : undefined;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (checkHost) {
      try {
        checkHost(request.headers.host);
      } catch (e) {
        done(e as SwitchyardError);
        return;
      }
    }
    if (draining) {
      // Every answer during a drain closes its connection, so keep-alive clients move elsewhere.
      reply.raw.shouldKeepAlive = false;
      if (!HEALTH_PATHS.has(request.url.split('?')[0] as string)) {
        done(
          new SwitchyardError('SY_ERR_SHUTTING_DOWN', 'This instance is shutting down: retry, another instance will answer', {
            retryAfter: DRAIN_RETRY_AFTER_S,
            headers: { connection: 'close' },
          }),
        );
        return;
      }
    }
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
            message: `No route for ${request.method} ${bounded(request.url.split('?')[0] ?? '')}`,
            type: 'not_found_error',
            code: 'not_found',
            param: null,
          },
        }),
      );
  });

  if (options.logger.isLevelEnabled('info')) accessLog(fastify);

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
    settled: async () => {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}
