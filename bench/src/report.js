// Renders the summary as markdown: scenario table, budget table, and warnings about noise or a saturated load side.

const int = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const ms = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const mb = (v) => (Number.isFinite(v) ? v.toFixed(0) : '—');
const row = (cells) => `| ${cells.join(' | ')} |`;
/** "gateway / baseline" for one field; the gateway side is a dash when it was not measured. */
const both = (g, b, show) => `${g ? show(g) : '—'} / ${show(b)}`;
const rss = (t) => (t ? `${mb(t.rssEndMb)} (${mb(t.rssPeakMb)})` : '—');

/** Other work above this share of a core during a round makes its numbers suspect. */
const NOISY_PCT = 10;
/** Below this, the process under test had spare CPU at 32 connections: something else set the pace. */
const SATURATED_PCT = 85;

/**
 * @param {ReturnType<typeof import('./summarize.js').summarize>} summary
 * @param {ReturnType<typeof import('./budgets.js').checkBudgets>} budgets
 * @param {{ gatewaySkipped: string | null }} context
 */
export function renderTables(summary, budgets, { gatewaySkipped }) {
  const lines = [
    row([
      'scenario',
      'gateway req/s',
      'baseline req/s',
      'gateway/baseline (or added)',
      'p50 ms (gw / base)',
      'p99 ms (gw / base)',
      'failed (gw / base)',
      'gateway RSS MB end (peak)',
      'baseline RSS MB end (peak)',
      'CPU0 % (gw / base)',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const s of Object.values(summary.scenarios)) {
    const g = s.gateway;
    const b = s.baseline;
    lines.push(
      row([
        s.label,
        g ? int(g.rps) : '—',
        int(b.rps),
        s.ratio === null ? '—' : `${(s.ratio * 100).toFixed(0)}%`,
        both(g, b, (t) => ms(t.p50Ms)),
        both(g, b, (t) => ms(t.p99Ms)),
        both(g, b, (t) => String(t.failed)),
        rss(g),
        rss(b),
        both(g, b, (t) => t.cpuPct.toFixed(0)),
      ]),
    );
  }
  const { gateway: g, baseline: b } = summary.latency;
  const probe = (label, field) => {
    const cells = [`${label}, 1 conn, interleaved (median of ${b.requests})`, g ? `${ms(g[field])} ms` : '—', `${ms(b[field])} ms`];
    const added = g ? `+${ms(g[field] - b[field])} ms` : '';
    return row([...cells, added, '', '', both(g, b, (t) => String(t.bad)), '', '', '']);
  };
  lines.push(probe('non-stream round trip', 'chatMs'), probe('first streamed byte', 'ttfbMs'));
  lines.push('', row(['budget (DESIGN.md)', 'target', 'measured', 'result']), row(['---', '---', '---:', '---']));
  for (const b of budgets)
    lines.push(row([b.label, b.target, b.shown, b.result === 'n/a' && gatewaySkipped ? 'n/a (no gateway)' : b.result]));
  return lines.join('\n');
}

/**
 * Warnings a reader needs before trusting the numbers.
 * @param {ReturnType<typeof import('./summarize.js').summarize>} summary
 */
export function noiseWarnings(summary) {
  const warnings = [];
  for (const s of Object.values(summary.scenarios)) {
    for (const [name, t] of [
      ['gateway', s.gateway],
      ['baseline', s.baseline],
    ]) {
      if (!t) continue;
      // Both CPUs count: on a VM the two vCPUs may share a physical core, so work on CPU 1 slows CPU 0 too.
      if (t.otherCpu0Pct > NOISY_PCT || t.otherCpu1Pct > NOISY_PCT) {
        warnings.push(
          `${s.id} ${name}: other processes used up to ${t.otherCpu0Pct}% of CPU 0 and ${t.otherCpu1Pct}% of CPU 1 during a round; rerun on a quieter machine`,
        );
      }
    }
    if (s.connections > 1 && s.baseline.cpuPct < SATURATED_PCT) {
      warnings.push(
        `${s.id}: the thin proxy used only ${s.baseline.cpuPct}% of CPU 0, so the load side (or noise), not the proxy, limited throughput; ratios understate the gap`,
      );
    }
  }
  return warnings;
}
