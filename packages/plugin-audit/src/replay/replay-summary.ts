/** @module The end-of-replay summary: counts, mean latency and cost per side, exact-match rate. */
import type { ReplayPair, ReplaySide } from './replay-run.js';

export interface SideSummary {
  /** Over successful answers. */
  meanLatencyMs: number | null;
  /** Over answers with a known cost. */
  meanCostUsd: number | null;
  totalCostUsd: number;
  /** Answers without a known cost (unpriced model, no cost plugin). */
  unpriced: number;
}

export interface ReplaySummary {
  object: 'replay.summary';
  toModel: string;
  pairs: number;
  replayed: number;
  failed: number;
  exactMatches: number;
  /** Exact matches over pairs where both sides answered; null when none did. */
  exactMatchRate: number | null;
  original: SideSummary;
  replay: SideSummary;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

function side(sides: ReplaySide[]): SideSummary {
  const ok = sides.filter((s) => s.status === 'success');
  const priced = sides.filter((s) => s.costUsd !== null).map((s) => s.costUsd as number);
  return {
    meanLatencyMs: round(mean(ok.map((s) => s.latencyMs)), 1),
    meanCostUsd: round(mean(priced), 10),
    totalCostUsd: round(
      priced.reduce((s, x) => s + x, 0),
      10,
    ) as number,
    unpriced: sides.length - priced.length,
  };
}

export function summarize(toModel: string, pairs: readonly ReplayPair[]): ReplaySummary {
  const both = pairs.filter((p) => p.original.status === 'success' && p.replay.status === 'success');
  const exact = pairs.filter((p) => p.exactMatch).length;
  const replayed = pairs.filter((p) => p.replay.status === 'success').length;
  return {
    object: 'replay.summary',
    toModel,
    pairs: pairs.length,
    replayed,
    failed: pairs.length - replayed,
    exactMatches: exact,
    exactMatchRate: both.length ? round(exact / both.length, 4) : null,
    original: side(pairs.map((p) => p.original)),
    replay: side(pairs.map((p) => p.replay)),
  };
}

const fmt = (x: number | null, unit = '') => (x === null ? 'n/a' : `${x}${unit}`);

export function formatSummary(s: ReplaySummary): string {
  const line = (name: string, x: SideSummary) =>
    `  ${name.padEnd(9)} mean latency ${fmt(x.meanLatencyMs, ' ms')}, mean cost ${x.meanCostUsd === null ? 'n/a' : `$${x.meanCostUsd.toFixed(8)}`}` +
    `, total $${x.totalCostUsd.toFixed(8)}${x.unpriced ? ` (${x.unpriced} unpriced)` : ''}`;
  return [
    `replay to ${s.toModel}: ${s.pairs} pairs, ${s.replayed} answered, ${s.failed} failed`,
    line('original', s.original),
    line('replay', s.replay),
    `  exact match ${s.exactMatches}/${s.pairs}${s.exactMatchRate === null ? '' : ` (${(s.exactMatchRate * 100).toFixed(1)}% of pairs both answered)`}`,
    '',
  ].join('\n');
}
