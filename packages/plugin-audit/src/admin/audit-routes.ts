/** @module `GET /admin/audit/:requestId` and `GET /admin/audit?...` (admin key): records as JSON. */
import { type GatewayRoute, SwitchyardError } from '@switchyard/core';
import type { AuditRecord } from '../capture/audit-record.js';
import type { AuditQueue } from '../queue/audit-queue.js';
import { parseListQuery, parseRequestId } from './audit-query.js';

/** Reads see what just completed: the queue is flushed first (best effort; a failing sink answers 503 below). */
async function read<T>(queue: AuditQueue, fn: () => Promise<T>): Promise<T> {
  await queue.flush().catch(() => {});
  try {
    return await fn();
  } catch (e) {
    throw new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', 'The audit store is unavailable; try again shortly', { retryAfter: 1, cause: e });
  }
}

export function auditRoutes(queue: AuditQueue): GatewayRoute[] {
  const sink = queue.sink;
  return [
    {
      method: 'GET',
      path: '/admin/audit',
      access: 'admin',
      async handler(req) {
        const query = parseListQuery(req.query, Date.now());
        const rows: AuditRecord[] = await read(queue, () => sink.list({ ...query, limit: query.limit + 1 }));
        return { body: { object: 'list', data: rows.slice(0, query.limit), has_more: rows.length > query.limit } };
      },
    },
    {
      method: 'GET',
      path: '/admin/audit/:requestId',
      access: 'admin',
      async handler(req) {
        const id = parseRequestId(req.params.requestId);
        const record = await read(queue, () => sink.get(id));
        if (!record) {
          throw new SwitchyardError('SY_ERR_ROUTE_NOT_FOUND', `No audit record for request ${id}`, {
            apiCode: 'audit_record_not_found',
            param: 'requestId',
          });
        }
        return { body: record };
      },
    },
  ];
}
