/**
 * @module Liveness and readiness. `/readyz` is 503 while draining or when a critical store check fails;
 * a failing non-critical check (a fail-open store) answers 200 with `status: degraded`.
 */
import type { Gateway } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';

export function healthRoutes(app: FastifyInstance, gateway: Gateway, isDraining: () => boolean): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const h = await gateway.health();
    const draining = isDraining();
    const ok = h.ok && !draining;
    return reply.code(ok ? 200 : 503).send({
      status: draining ? 'draining' : !ok ? 'not_ready' : h.degraded ? 'degraded' : 'ready',
      checks: h.checks,
      circuits: gateway.circuits(),
    });
  });
}
