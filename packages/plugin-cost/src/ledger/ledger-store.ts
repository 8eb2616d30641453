/** @module The contract both ledger stores (SQLite, PostgreSQL) implement, and the report shapes. */
import type { LedgerRow } from './ledger-row.js';

export const GROUP_BY = ['team', 'user', 'feature', 'customer', 'model', 'provider'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Report column per `group_by` value. */
export const GROUP_COLUMN: Readonly<Record<GroupBy, string>> = Object.freeze({
  team: 'team',
  user: 'user_id',
  feature: 'feature',
  customer: 'customer',
  model: 'model',
  provider: 'provider',
});

export interface ReportQuery {
  groupBy: GroupBy;
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

export interface ReportRow {
  /** The group's value; null when the requests had none (e.g. no feature). */
  group: string | null;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Sum over priced requests. */
  cost_usd: number;
  unpriced_requests: number;
}

/** What a ledger store does; both stores create their tables on `open()`. */
export interface LedgerStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Connects and applies migrations. */
  open(): Promise<void>;
  /** Writes all rows in one transaction (multi-row INSERT). */
  insert(rows: readonly LedgerRow[]): Promise<void>;
  report(query: ReportQuery): Promise<ReportRow[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const TABLE = 'switchyard_cost_ledger';
export const MIGRATIONS_TABLE = 'switchyard_cost_ledger_migrations';

/** Raw aggregate rows (drivers return bigints/strings) -> numbers, sorted by cost, then requests. */
export function toReportRows(raw: readonly Record<string, unknown>[]): ReportRow[] {
  return raw
    .map((r) => ({
      group: r.grp === null || r.grp === undefined ? null : String(r.grp),
      requests: Number(r.requests ?? 0),
      prompt_tokens: Number(r.prompt_tokens ?? 0),
      completion_tokens: Number(r.completion_tokens ?? 0),
      cost_usd: Math.round(Number(r.cost_usd ?? 0) * 1e10) / 1e10,
      unpriced_requests: Number(r.unpriced_requests ?? 0),
    }))
    .sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests || String(a.group).localeCompare(String(b.group)));
}
