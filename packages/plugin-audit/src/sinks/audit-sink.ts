/** @module The contract every audit sink (SQLite, PostgreSQL, JSONL) implements, and the row written per record. */
import type { AuditRecord, RecordStatus } from '../capture/audit-record.js';

export type SinkKind = 'sqlite' | 'postgres' | 'jsonl';

/** A serialized record plus the columns queries filter on (bounded in length). */
export interface AuditRow {
  ts: number;
  requestId: string;
  team: string;
  alias: string;
  status: RecordStatus;
  endpoint: string;
  capture: 'full' | 'metadata';
  replayOf: string | null;
  /** The whole record as JSON, secrets scrubbed. */
  json: string;
}

export interface AuditQuery {
  /** Inclusive, epoch ms. */
  since?: number | undefined;
  /** Exclusive, epoch ms. */
  until?: number | undefined;
  alias?: string | undefined;
  team?: string | undefined;
  status?: RecordStatus | undefined;
  /** Only records a replay can re-send: full capture, a chat-like endpoint, success, not a replay. */
  replayable?: boolean;
  limit: number;
  /** `desc` (newest first) for the admin API, `asc` for replay. */
  order: 'asc' | 'desc';
}

/** Endpoints whose recorded (canonical chat) request a replay can re-send. */
export const REPLAYABLE_ENDPOINTS = ['chat', 'messages', 'responses'] as const;

export interface AuditSink {
  readonly kind: SinkKind;
  /** Connects, creates the directory/tables, applies migrations. */
  open(): Promise<void>;
  /** Writes all rows (one transaction, or one append). */
  insert(rows: readonly AuditRow[]): Promise<void>;
  /** The newest record with this id. */
  get(requestId: string): Promise<AuditRecord | undefined>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /**
   * One bounded retention step: removes at most `batch` records older than `before` (epoch ms) and
   * returns how many it removed (JSONL: rotated files, removed whole). Fewer than `batch` ends the sweep.
   */
  sweep(before: number, batch: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const TABLE = 'switchyard_audit';
/** Insert column order, shared by both SQL sinks. */
export const COLUMNS = ['ts', 'request_id', 'team', 'alias', 'status', 'endpoint', 'capture', 'replay_of', 'record'] as const;

export function rowValues(r: AuditRow): unknown[] {
  return [r.ts, r.requestId, r.team, r.alias, r.status, r.endpoint, r.capture, r.replayOf, r.json];
}

export const MIGRATIONS_TABLE = 'switchyard_audit_migrations';

/** Filter columns are capped so a caller-chosen model name cannot bloat an index. */
export const MAX_COLUMN = 256;

/** A filter column's value: capped, and without NUL, which PostgreSQL text refuses (one bad row would fail every retry of its batch). */
export function column(value: string): string {
  return value.slice(0, MAX_COLUMN).replaceAll('\0', '\uFFFD');
}

export function matches(r: AuditRecord, q: AuditQuery): boolean {
  if (q.since !== undefined && r.ts < q.since) return false;
  if (q.until !== undefined && r.ts >= q.until) return false;
  if (q.alias !== undefined && column(r.alias) !== q.alias) return false;
  if (q.team !== undefined && column(r.principal.team) !== q.team) return false;
  if (q.status !== undefined && r.status !== q.status) return false;
  if (q.replayable) {
    const ok =
      r.capture === 'full' &&
      r.status === 'success' &&
      r.replayOf === null &&
      r.request !== null &&
      (REPLAYABLE_ENDPOINTS as readonly string[]).includes(r.endpoint);
    if (!ok) return false;
  }
  return true;
}

/** The WHERE clause both SQL sinks share; `param(i)` renders the i-th placeholder. */
export function whereClause(q: AuditQuery, param: (i: number) => string): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(param(params.length)));
  };
  if (q.since !== undefined) add((p) => `ts >= ${p}`, q.since);
  if (q.until !== undefined) add((p) => `ts < ${p}`, q.until);
  if (q.alias !== undefined) add((p) => `alias = ${p}`, q.alias);
  if (q.team !== undefined) add((p) => `team = ${p}`, q.team);
  if (q.status !== undefined) add((p) => `status = ${p}`, q.status);
  if (q.replayable) {
    parts.push(`capture = 'full' AND status = 'success' AND replay_of IS NULL`);
    parts.push(`endpoint IN (${REPLAYABLE_ENDPOINTS.map((e) => `'${e}'`).join(', ')})`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}
