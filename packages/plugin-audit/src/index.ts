/** @module @switchyard/plugin-audit: request/response capture, admin queries, retention, replay for evals. */
import { auditPlugin } from './audit-plugin.js';

export { DEFAULT_LIMIT, MAX_LIMIT } from './admin/audit-query.js';
export { AUDIT_LOG_SERVICE, type AuditLogService } from './audit-service.js';
export { type AuditRecord, RECORD_STATUSES, RECORD_VERSION, type RecordStatus } from './capture/audit-record.js';
export { REDACTION_FINDINGS, REPLAY_MARK, type ReplayMark } from './capture/context-keys.js';
export {
  type AuditOptions,
  type AuditOptionsInput,
  AuditOptionsSchema,
  CAPTURE_LEVELS,
  type CaptureLevel,
} from './options.js';
export type { AuditQueueStats } from './queue/audit-queue.js';
export { REPLAY_FEATURE } from './replay/replay-registry.js';
export type { ReplayPair, ReplaySide, ToolCallSummary } from './replay/replay-run.js';
export type { ReplaySummary, SideSummary } from './replay/replay-summary.js';
export type { AuditQuery } from './sinks/audit-sink.js';
export { auditPlugin };
export default auditPlugin;
