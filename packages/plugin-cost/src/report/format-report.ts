/** @module Usage reports as JSON, CSV and an aligned text table. */
import { boundText } from '../ledger/bound-text.js';
import type { ReportQuery, ReportRow } from '../ledger/ledger-store.js';

export interface UsageReport {
  object: 'usage_report';
  group_by: ReportQuery['groupBy'];
  /** ISO; null when the window starts at the beginning of the ledger. */
  from: string | null;
  to: string;
  rows: ReportRow[];
  totals: Omit<ReportRow, 'group'>;
}

export function buildReport(query: ReportQuery, rows: ReportRow[]): UsageReport {
  const totals = { requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, unpriced_requests: 0 };
  for (const r of rows) {
    totals.requests += r.requests;
    totals.prompt_tokens += r.prompt_tokens;
    totals.completion_tokens += r.completion_tokens;
    totals.cost_usd += r.cost_usd;
    totals.unpriced_requests += r.unpriced_requests;
  }
  totals.cost_usd = Math.round(totals.cost_usd * 1e10) / 1e10;
  return {
    object: 'usage_report',
    group_by: query.groupBy,
    from: query.from > 0 ? new Date(query.from).toISOString() : null,
    to: new Date(query.to).toISOString(),
    rows,
    totals,
  };
}

const HEADER = ['group', 'requests', 'prompt_tokens', 'completion_tokens', 'cost_usd', 'unpriced_requests'] as const;

/** Leading characters a spreadsheet reads as a formula or a cell break (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. A value that could start a formula is prefixed with `'` and quoted, as OWASP
 * recommends, so a group a caller named (`=HYPERLINK(...)`) opens as text.
 */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  const raw = String(v);
  const s = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return s !== raw || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header line; a missing group is an empty field; formulas are neutralised. */
export function toCsv(report: UsageReport): string {
  const lines = [HEADER.join(',')];
  for (const r of report.rows) {
    lines.push(
      [r.group, r.requests, r.prompt_tokens, r.completion_tokens, r.cost_usd.toFixed(6), r.unpriced_requests].map(csvField).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Columns padded to their widest cell; numbers right-aligned; a TOTAL line last. */
export function toTable(report: UsageReport): string {
  const head = [report.group_by.toUpperCase(), 'REQUESTS', 'PROMPT TOKENS', 'COMPLETION TOKENS', 'COST (USD)', 'UNPRICED'];
  const line = (g: string, r: Omit<ReportRow, 'group'>) => [
    g,
    String(r.requests),
    String(r.prompt_tokens),
    String(r.completion_tokens),
    r.cost_usd.toFixed(6),
    String(r.unpriced_requests),
  ];
  // Bounded again for the terminal: rows written by older versions may hold escape sequences.
  const body = report.rows.map((r) => line(r.group === null ? '(none)' : boundText(r.group), r));
  const cells = [head, ...body, line('TOTAL', report.totals)];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => (c[i] as string).length)));
  const render = (c: string[]) =>
    c
      .map((v, i) => (i === 0 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${[render(head), rule, ...body.map(render), rule, render(cells.at(-1) as string[])].join('\n')}\n`;
}
