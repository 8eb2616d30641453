/** @module `GET /admin/usage?group_by=&from=&to=&format=json|csv`: spend and tokens per group (admin only). */
import { type GatewayRoute, SwitchyardError } from '@switchyard/core';
import type { Ledger } from '../ledger/ledger.js';
import type { ReportQuery, ReportRow } from '../ledger/ledger-store.js';
import { buildReport, toCsv, type UsageReport } from './format-report.js';
import { parseReportQuery } from './usage-query.js';

/** Flushes the buffer first so the report includes requests that just finished. */
export async function runReport(ledger: Ledger, query: ReportQuery): Promise<UsageReport> {
  let rows: ReportRow[];
  try {
    rows = await ledger.report(query);
  } catch (e) {
    throw new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', `The cost ledger is unavailable: ${(e as Error).message}`, { cause: e });
  }
  return buildReport(query, rows);
}

export function usageRoute(ledger: Ledger): GatewayRoute {
  return {
    method: 'GET',
    path: '/admin/usage',
    access: 'admin',
    async handler(req) {
      const q = req.query;
      const format = q.format ?? 'json';
      if (format !== 'json' && format !== 'csv') {
        throw new SwitchyardError('SY_ERR_INVALID_REQUEST', `\`format\` must be json or csv; got "${format}"`, { param: 'format' });
      }
      const query = parseReportQuery(q.group_by, { from: q.from, to: q.to }, { groupBy: 'group_by', from: 'from', to: 'to' }, Date.now());
      const report = await runReport(ledger, query);
      if (format === 'json') return { body: report };
      return {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="usage-by-${query.groupBy}.csv"`,
        },
        body: toCsv(report),
      };
    },
  };
}
