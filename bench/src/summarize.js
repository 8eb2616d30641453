// Folds the raw runs into one figure per scenario and target (medians over rounds), ratios and added latencies.

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const max = (values) => Math.max(...values.filter(Number.isFinite));

/**
 * @typedef {object} TargetSummary
 * @property {number} rps median over rounds
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} requests checked responses, warm-up included
 * @property {number} failed responses that failed their check, plus socket errors and timeouts, warm-up included
 * @property {string} firstFailure
 * @property {number} rssEndMb after the last round
 * @property {number} rssPeakMb
 * @property {number} cpuPct median CPU of the process under test, % of one core
 * @property {number} otherCpu0Pct worst other load on CPU 0 during a round
 * @property {number} otherCpu1Pct worst other load on CPU 1 during a round
 */

/** @param {import('./measure.js').TargetRuns} t @returns {TargetSummary} */
function summarizeTarget({ warmup, runs }) {
  const all = [warmup, ...runs];
  return {
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    requests: all.reduce((n, r) => n + r.requests, 0),
    failed: all.reduce((n, r) => n + r.bad + r.socketErrors, 0),
    firstFailure: all.find((r) => r.firstBad)?.firstBad ?? (all.some((r) => r.socketErrors) ? 'socket errors or timeouts' : ''),
    rssEndMb: runs.at(-1).rssEndMb,
    rssPeakMb: max(runs.map((r) => r.rssPeakMb)),
    cpuPct: median(runs.map((r) => r.underTestPct)),
    otherCpu0Pct: max(runs.map((r) => r.cpu0OtherPct)),
    otherCpu1Pct: max(runs.map((r) => r.cpu1OtherPct)),
  };
}

/**
 * @param {import('./scenarios.js').Scenario[]} scenarios
 * @param {Record<string, Record<string, import('./measure.js').TargetRuns>>} results
 * @param {Record<string, import('./latency.js').LatencyResult>} latency
 */
export function summarize(scenarios, results, latency) {
  const out = {};
  for (const scenario of scenarios) {
    const byTarget = results[scenario.id];
    const gateway = byTarget.gateway && summarizeTarget(byTarget.gateway);
    const baseline = summarizeTarget(byTarget.baseline);
    // Compare each round's gateway run with the baseline run next to it in time, then take the median, so a
    // machine that speeds up or slows down during the bench moves both sides of each comparison together.
    const rounds = byTarget.gateway?.runs.map((g, i) => [g, byTarget.baseline.runs[i]]) ?? [];
    out[scenario.id] = {
      ...scenario,
      gateway: gateway ?? null,
      baseline,
      ratio: gateway ? median(rounds.map(([g, b]) => g.rps / b.rps)) : null,
      addedP50Ms: gateway ? median(rounds.map(([g, b]) => g.p50Ms - b.p50Ms)) : null,
    };
  }
  const { gateway = null, baseline } = latency;
  return {
    scenarios: out,
    latency: {
      gateway,
      baseline,
      addedChatMs: gateway ? gateway.chatMs - baseline.chatMs : null,
      addedTtfbMs: gateway ? gateway.ttfbMs - baseline.ttfbMs : null,
    },
  };
}
