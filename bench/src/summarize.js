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
 * @param {Record<string, import('./ttfb.js').TtfbResult> | undefined} ttfb
 */
export function summarize(scenarios, results, ttfb) {
  const out = {};
  for (const scenario of scenarios) {
    const byTarget = results[scenario.id];
    const gateway = byTarget.gateway && summarizeTarget(byTarget.gateway);
    const baseline = summarizeTarget(byTarget.baseline);
    out[scenario.id] = {
      ...scenario,
      gateway: gateway ?? null,
      baseline,
      ratio: gateway ? gateway.rps / baseline.rps : null,
      addedP50Ms: gateway ? gateway.p50Ms - baseline.p50Ms : null,
    };
  }
  const ttfbSummary = ttfb && {
    gateway: ttfb.gateway ?? null,
    baseline: ttfb.baseline,
    addedMs: ttfb.gateway ? ttfb.gateway.ttfbMs - ttfb.baseline.ttfbMs : null,
  };
  return { scenarios: out, ttfb: ttfbSummary ?? null };
}
