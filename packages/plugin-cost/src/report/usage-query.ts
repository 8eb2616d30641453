/** @module Report parameters from a query string or CLI flags: group, time window, format. */
import { SwitchyardError } from '@switchyard/core';
import { GROUP_BY, type GroupBy, type ReportQuery } from '../ledger/ledger-store.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function invalid(param: string, message: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_INVALID_REQUEST', message, { param });
}

/**
 * A point in time: epoch ms (`1767225600000`), an ISO date or date-time (`2026-11-01`,
 * `2026-11-01T12:00:00Z`), or, when `relative` is allowed, a duration before `now` (`7d`, `12h`, `30m`).
 */
export function parseTime(value: string, param: string, now: number, relative = false): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const rel = /^(\d+)(ms|s|m|h|d|w)$/.exec(v);
  if (rel && relative) return now - Number(rel[1]) * (UNITS[rel[2] as string] as number);
  const t = Date.parse(v);
  if (Number.isNaN(t)) {
    throw invalid(param, `\`${param}\` must be an ISO date, epoch milliseconds${relative ? ' or a duration like 7d' : ''}; got "${value}"`);
  }
  return t;
}

export function parseGroupBy(value: string | undefined, param: string): GroupBy {
  const v = value ?? 'team';
  if (!(GROUP_BY as readonly string[]).includes(v)) {
    throw invalid(param, `\`${param}\` must be one of ${GROUP_BY.join(', ')}; got "${v}"`);
  }
  return v as GroupBy;
}

export interface WindowInput {
  from?: string | undefined;
  to?: string | undefined;
}

/** Defaults: all recorded history up to now. `from` is inclusive, `to` exclusive. */
export function parseReportQuery(
  groupBy: string | undefined,
  window: WindowInput,
  names: { groupBy: string; from: string; to: string },
  now: number,
  relative = false,
): ReportQuery {
  const from = window.from ? parseTime(window.from, names.from, now, relative) : 0;
  const to = window.to ? parseTime(window.to, names.to, now, relative) : now + 1;
  if (window.to && to <= from) throw invalid(names.to, `\`${names.to}\` must be after \`${names.from}\``);
  return { groupBy: parseGroupBy(groupBy, names.groupBy), from, to };
}
