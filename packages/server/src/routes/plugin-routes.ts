/**
 * @module Mounts the HTTP routes plugins registered on the gateway; admin routes require the admin
 * authorizer, and wrong admin keys are throttled per remote address.
 */
import { type Gateway, SwitchyardError } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { AdminThrottle } from '../admin-throttle.js';
import { headerValues } from '../header-values.js';

function presentsKey(headers: Record<string, string | string[] | undefined>): boolean {
  return headers.authorization !== undefined || headers['x-api-key'] !== undefined || headers['api-key'] !== undefined;
}

export function pluginRoutes(app: FastifyInstance, gateway: Gateway, throttle = new AdminThrottle()): void {
  for (const route of gateway.routes()) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        if (route.access === 'admin') {
          throttle.check(request.ip);
          if (!(await gateway.authorizeAdmin(request.headers))) {
            // Only a presented key is a guess; a request without one (a browser, a probe) is not counted.
            if (presentsKey(request.headers)) throttle.failed(request.ip);
            throw new SwitchyardError('SY_ERR_UNAUTHORIZED', 'This endpoint needs the admin key (authorization: Bearer <admin key>)', {
              apiCode: 'invalid_admin_key',
            });
          }
          throttle.succeeded(request.ip);
        }
        const res = await route.handler({
          method: request.method,
          path: request.url.split('?')[0] ?? request.url,
          query: request.query as Record<string, string | undefined>,
          params: request.params as Record<string, string>,
          headers: request.headers,
          body: request.body,
        });
        reply.code(res.status ?? 200);
        if (res.headers) reply.headers(headerValues(res.headers));
        if (typeof res.body === 'string' || Buffer.isBuffer(res.body)) return reply.send(res.body);
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(res.body));
      },
    });
  }
}
