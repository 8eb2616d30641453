// The DESIGN.md performance budgets this bench checks, as ratios or differences against the thin proxy.

/**
 * @typedef {object} Budget
 * @property {string} id
 * @property {string} label
 * @property {string} target human-readable threshold
 * @property {(s: ReturnType<typeof import('./summarize.js').summarize>) => number | null | undefined} measure
 * @property {(value: number) => boolean} pass
 * @property {(value: number) => string} format
 */

const percent = (v) => `${(v * 100).toFixed(0)}%`;
const plusMs = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(3)} ms`;

/** @type {readonly Budget[]} */
export const BUDGETS = Object.freeze([
  {
    id: 'chat-throughput',
    label: 'non-stream throughput, 32 conns',
    target: '≥ 70% of baseline',
    measure: (s) => s.scenarios['chat-32']?.ratio,
    pass: (v) => v >= 0.7,
    format: percent,
  },
  {
    id: 'stream-throughput',
    label: 'stream (20 chunks) throughput, 32 conns',
    target: '≥ 85% of baseline',
    measure: (s) => s.scenarios['stream-32']?.ratio,
    pass: (v) => v >= 0.85,
    format: percent,
  },
  {
    id: 'added-latency',
    label: 'added median latency, non-stream, 1 conn',
    target: '< 0.5 ms',
    measure: (s) => s.latency.addedChatMs,
    pass: (v) => v < 0.5,
    format: plusMs,
  },
  {
    id: 'added-ttfb',
    label: 'added time to first streamed byte, 1 conn',
    target: '< 1 ms',
    measure: (s) => s.latency.addedTtfbMs,
    pass: (v) => v < 1,
    format: plusMs,
  },
]);

/**
 * @param {ReturnType<typeof import('./summarize.js').summarize>} summary
 * @returns {{ id: string, label: string, target: string, value: number | null, shown: string, result: 'PASS' | 'MISS' | 'n/a' }[]}
 */
export function checkBudgets(summary) {
  return BUDGETS.map((b) => {
    const value = b.measure(summary);
    const known = typeof value === 'number' && Number.isFinite(value);
    return {
      id: b.id,
      label: b.label,
      target: b.target,
      value: known ? value : null,
      shown: known ? b.format(value) : '—',
      result: known ? (b.pass(value) ? 'PASS' : 'MISS') : 'n/a',
    };
  });
}
