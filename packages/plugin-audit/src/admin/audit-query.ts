/** @module Validated audit queries from a query string or CLI flags: every parameter checked, clear 400s. */
import { SwitchyardError } from '@switchyard/core';
import { RECORD_STATUSES, type RecordStatus } from '../capture/audit-record.js';
import { type AuditQuery, MAX_COLUMN } from '../sinks/audit-sink.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1_000;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** The server's `x-request-id` alphabet: an id that could never have been recorded is a bad request. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function invalid(param: string, message: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_INVALID_REQUEST', message, { param });
}

/** Shows a bad value safely: bounded, and as JSON so control characters stay visible. */
function shown(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** Epoch ms, an ISO date or date-time, or a duration before `now` (`7d`, `12h`, `30m`). */
export function parseTime(value: string, param: string, now: number): number {
  const v = value.trim();
  if (/^\d{1,15}$/.test(v)) return Number(v);
  const rel = /^(\d{1,9})(ms|s|m|h|d|w)$/.exec(v);
  if (rel) return now - Number(rel[1]) * (UNITS[rel[2] as string] as number);
  const t = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t))
    throw invalid(param, `\`${param}\` must be an ISO date, epoch milliseconds or a duration like 1d; got ${shown(value)}`);
  return t;
}

export function parseLimit(value: string | undefined, param: string, max = MAX_LIMIT, fallback = DEFAULT_LIMIT): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) {
    throw invalid(param, `\`${param}\` must be an integer from 1 to ${max}; got ${shown(value)}`);
  }
  return Number(value);
}

export function parseName(value: string | undefined, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > MAX_COLUMN || value.includes('\0')) {
    throw invalid(param, `\`${param}\` must be 1 to ${MAX_COLUMN} characters`);
  }
  return value;
}

export function parseStatus(value: string | undefined, param: string): RecordStatus | undefined {
  if (value === undefined) return undefined;
  if (!(RECORD_STATUSES as readonly string[]).includes(value)) {
    throw invalid(param, `\`${param}\` must be one of ${RECORD_STATUSES.join(', ')}; got ${shown(value)}`);
  }
  return value as RecordStatus;
}

export function parseRequestId(value: string | undefined): string {
  if (value === undefined || !REQUEST_ID.test(value)) {
    throw invalid('requestId', 'A request id is 1 to 128 characters of A-Z, a-z, 0-9, ".", "_", ":" and "-"');
  }
  return value;
}

const LIST_PARAMS = ['since', 'until', 'alias', 'team', 'status', 'limit'] as const;

/**
 * `GET /admin/audit?since=&until=&alias=&team=&status=&limit=`. Unknown or repeated parameters are
 * refused rather than ignored, so a typo never silently widens a query.
 */
export function parseListQuery(query: Record<string, unknown>, now: number): AuditQuery & { limit: number } {
  const q: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(query)) {
    if (!(LIST_PARAMS as readonly string[]).includes(k)) {
      throw invalid(k.slice(0, 64), `Unknown query parameter ${shown(k)}; use ${LIST_PARAMS.join(', ')}`);
    }
    if (typeof v !== 'string') throw invalid(k, `\`${k}\` may be given once`);
    q[k] = v;
  }
  const since = q.since === undefined ? undefined : parseTime(q.since, 'since', now);
  const until = q.until === undefined ? undefined : parseTime(q.until, 'until', now);
  if (since !== undefined && until !== undefined && until <= since) throw invalid('until', '`until` must be after `since`');
  return {
    since,
    until,
    alias: parseName(q.alias, 'alias'),
    team: parseName(q.team, 'team'),
    status: parseStatus(q.status, 'status'),
    limit: parseLimit(q.limit, 'limit'),
    order: 'desc',
  };
}
