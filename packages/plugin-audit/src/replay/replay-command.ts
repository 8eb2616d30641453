/**
 * @module `switchyard replay --to-model <model> --out <file> [--since 1d] [--alias smart] [--limit 500]
 * [--concurrency 4]`: pairs as JSON lines in `--out`, a progress bar on a TTY, a summary at the end.
 */
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Gateway, GatewayCommand } from '@switchyard/core';
import { Presets, SingleBar } from 'cli-progress';
import { parseLimit, parseName, parseTime } from '../admin/audit-query.js';
import type { AuditSink } from '../sinks/audit-sink.js';
import type { ReplayRegistry } from './replay-registry.js';
import { assertReplayTarget, runReplay } from './replay-run.js';
import { formatSummary, summarize } from './replay-summary.js';

export const MAX_REPLAY_LIMIT = 100_000;
export const MAX_CONCURRENCY = 64;

const HELP = `Usage: switchyard replay --to-model <model> --out <file> [--since <when>] [--until <when>] [--alias <alias>]
                         [--limit <n>] [--concurrency <n>] [--key <gateway key>] [--json] [--config <file>]
Re-sends audited requests (full capture, answered, not themselves replays) to <model> and writes one
JSON line per pair (both answers, latencies, usage, cost) to <file>, then prints a summary.
<when> is a duration before now (1d, 12h, 30m), an ISO date or epoch milliseconds.
Defaults: all recorded history, every alias, --limit 100 (the newest), --concurrency 4.
The gateway key for the replayed requests (when auth requires one) is read from --key or, better,
SWITCHYARD_REPLAY_KEY. Replayed requests carry feature "replay" (see the plugin README).`;

interface Flags {
  'to-model'?: string;
  out?: string;
  since?: string;
  until?: string;
  alias?: string;
  limit?: string;
  concurrency?: string;
  key?: string;
  json?: boolean;
  help?: boolean;
}

export function replayCommand(gateway: Gateway, sink: AuditSink, registry: ReplayRegistry): GatewayCommand {
  return {
    name: 'replay',
    summary: 're-send audited requests to another model and compare the answers (evals)',
    async run(argv, io) {
      let flags: Flags;
      try {
        ({ values: flags } = parseArgs({
          args: argv,
          options: {
            'to-model': { type: 'string', short: 'm' },
            out: { type: 'string', short: 'o' },
            since: { type: 'string' },
            until: { type: 'string' },
            alias: { type: 'string', short: 'a' },
            limit: { type: 'string', short: 'n' },
            concurrency: { type: 'string', short: 'c' },
            key: { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
          },
          allowPositionals: false,
        }));
      } catch (e) {
        io.stderr(`switchyard replay: ${(e as Error).message}\n${HELP}\n`);
        return 2;
      }
      if (flags.help) {
        io.stdout(`${HELP}\n`);
        return 0;
      }
      const toModel = flags['to-model'];
      if (!toModel || !flags.out) {
        io.stderr(`switchyard replay: --to-model and --out are required\n${HELP}\n`);
        return 2;
      }
      let options: Parameters<typeof runReplay>[3];
      try {
        const now = Date.now();
        options = {
          toModel,
          since: flags.since === undefined ? undefined : parseTime(flags.since, '--since', now),
          until: flags.until === undefined ? undefined : parseTime(flags.until, '--until', now),
          alias: parseName(flags.alias, '--alias'),
          limit: parseLimit(flags.limit, '--limit', MAX_REPLAY_LIMIT),
          concurrency: parseLimit(flags.concurrency, '--concurrency', MAX_CONCURRENCY, 4),
          key: flags.key ?? process.env.SWITCHYARD_REPLAY_KEY,
        };
      } catch (e) {
        io.stderr(`switchyard replay: ${(e as Error).message}\n`);
        return 2;
      }

      const bar = process.stderr.isTTY
        ? new SingleBar(
            { stream: process.stderr, format: 'replay [{bar}] {value}/{total} | answered {ok}, failed {failed} | eta {eta_formatted}' },
            Presets.shades_classic,
          )
        : undefined;
      let out: Awaited<ReturnType<typeof open>> | undefined;
      try {
        assertReplayTarget(gateway, toModel);
        out = await open(flags.out, 'w');
        const file = out;
        let started = false;
        let writing = Promise.resolve();
        const pairs = await runReplay(
          gateway,
          sink,
          registry,
          options,
          (pair) => {
            // One write at a time: concurrent FileHandle writes may interleave.
            writing = writing.then(async () => {
              await file.write(`${JSON.stringify(pair)}\n`);
            });
            return writing;
          },
          (p) => {
            if (!bar) return;
            if (!started) {
              started = true;
              bar.start(p.total, 0, { ok: 0, failed: 0 });
            } else bar.update(p.done, { ok: p.ok, failed: p.failed });
          },
        );
        bar?.stop();
        const summary = summarize(toModel, pairs);
        io.stdout(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
        return 0;
      } catch (e) {
        bar?.stop();
        io.stderr(`switchyard replay: ${(e as Error).message}\n`);
        return 1;
      } finally {
        await out?.close();
      }
    },
  };
}
