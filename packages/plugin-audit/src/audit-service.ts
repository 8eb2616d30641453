/**
 * @module The `auditLog` service other plugins resolve from the container (e.g. the metrics plugin's
 * queue-depth gauge and drop counter): `gateway.container.resolve<AuditLogService>(AUDIT_LOG_SERVICE)`.
 */
import type { AuditRecord } from './capture/audit-record.js';
import type { AuditQueue, AuditQueueStats } from './queue/audit-queue.js';
import type { RetentionSweep } from './queue/retention-sweep.js';
import type { AuditQuery } from './sinks/audit-sink.js';

/** Container registration name. */
export const AUDIT_LOG_SERVICE = 'auditLog';

export interface AuditLogService {
  /** Records waiting to be written (a gauge). */
  queueDepth(): number;
  /** Records dropped since boot because the queue was full (a counter). */
  dropped(): number;
  stats(): AuditQueueStats;
  /** The newest record with this request id (queued records are written first). */
  get(requestId: string): Promise<AuditRecord | undefined>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /** Writes every queued record now. */
  flush(): Promise<void>;
  /** Runs the retention sweep now; resolves with what it removed. */
  sweep(now?: number): Promise<number>;
}

export function createAuditLogService(queue: AuditQueue, sweep: RetentionSweep): AuditLogService {
  const sink = queue.sink;
  return Object.freeze({
    queueDepth: () => queue.depth(),
    dropped: () => queue.dropped(),
    stats: () => queue.stats(),
    async get(requestId: string) {
      await queue.flush();
      return sink.get(requestId);
    },
    async list(query: AuditQuery) {
      await queue.flush();
      return sink.list(query);
    },
    flush: () => queue.flush(),
    sweep: (now?: number) => sweep.run(now),
  });
}
