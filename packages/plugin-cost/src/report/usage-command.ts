/** @module `switchyard usage --group-by team --since 7d [--until ...] [--format table|csv|json]`. */
import { parseArgs } from 'node:util';
import type { GatewayCommand } from '@switchyard/core';
import type { Ledger } from '../ledger/ledger.js';
import { toCsv, toTable } from './format-report.js';
import { parseReportQuery } from './usage-query.js';
import { runReport } from './usage-route.js';

const HELP = `Usage: switchyard usage [--group-by team|user|feature|customer|model|provider] [--since <when>] [--until <when>]
                        [--format table|csv|json] [--config <file>]
<when> is a duration before now (7d, 12h, 30m), an ISO date (2026-11-01) or epoch milliseconds.
Defaults: --group-by team, all recorded history, --format table.`;

export function usageCommand(ledger: Ledger): GatewayCommand {
  return {
    name: 'usage',
    summary: 'print spend and tokens per team, user, feature, customer, model or provider',
    async run(argv, io) {
      let values: { 'group-by'?: string; since?: string; until?: string; format?: string; help?: boolean };
      try {
        ({ values } = parseArgs({
          args: argv,
          options: {
            'group-by': { type: 'string', short: 'g' },
            since: { type: 'string' },
            until: { type: 'string' },
            format: { type: 'string', short: 'f' },
            help: { type: 'boolean', short: 'h' },
          },
          allowPositionals: false,
        }));
      } catch (e) {
        io.stderr(`switchyard usage: ${(e as Error).message}\n${HELP}\n`);
        return 2;
      }
      if (values.help) {
        io.stdout(`${HELP}\n`);
        return 0;
      }
      const format = values.format ?? 'table';
      if (format !== 'table' && format !== 'csv' && format !== 'json') {
        io.stderr(`switchyard usage: --format must be table, csv or json\n${HELP}\n`);
        return 2;
      }
      try {
        const query = parseReportQuery(
          values['group-by'],
          { from: values.since, to: values.until },
          { groupBy: '--group-by', from: '--since', to: '--until' },
          Date.now(),
          true,
        );
        const report = await runReport(ledger, query);
        io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'csv' ? toCsv(report) : toTable(report));
        return 0;
      } catch (e) {
        io.stderr(`switchyard usage: ${(e as Error).message}\n`);
        return 1;
      }
    },
  };
}
