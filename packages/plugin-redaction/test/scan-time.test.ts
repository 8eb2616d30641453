// How long a full scan takes: every built-in detector over 100 KB prompts (a mixed prompt of prose,
// code, JSON and logs; and a digit-dense one of CSV rows and logs), printed with a per-detector
// breakdown. CPU time of this process (process.cpuUsage), best of several rounds, so a busy machine
// inflates it less than wall time would. The assertions guard against super-linear regressions, not
// against a slow machine: the budget is 20x what this machine measures.
import { describe, expect, it } from 'vitest';
import { DetectorSet } from '../src/detector-set.js';
import { BUILTIN_DETECTORS } from '../src/detectors/builtin-detectors.js';
import { RequestRedaction } from '../src/request-redaction.js';
import { digitDensePrompt, mixedPrompt } from './support/bench-prompts.js';

const set = new DetectorSet(BUILTIN_DETECTORS.map((detector) => ({ detector, mode: 'mask' as const })));

/** Best per-call CPU time in µs over `rounds` rounds of `n` calls. */
function cpuMicros(fn: () => void, n = 20, rounds = 7): number {
  for (let i = 0; i < 5; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const d = process.cpuUsage(start);
    best = Math.min(best, (d.user + d.system) / n);
  }
  return best;
}

function scanAll(text: string): void {
  new RequestRedaction(set, 60_000).text(text);
}

describe('scan time', () => {
  it('scans a 100 KB prompt with every built-in detector in linear time, and prints where the time goes', () => {
    const prompts = { mixed: mixedPrompt(), 'digit-dense': digitDensePrompt() };
    const rows: string[] = [];
    const totals: Record<string, number> = {};
    for (const [name, text] of Object.entries(prompts)) {
      expect(text.length).toBe(100_000);
      totals[name] = cpuMicros(() => scanAll(text));
    }
    const per = BUILTIN_DETECTORS.map((d) => {
      const cells = Object.values(prompts).map((text) => {
        const out: number[] = [];
        return cpuMicros(() => {
          out.length = 0;
          d.scan(text, out);
        }).toFixed(0);
      });
      return `| ${d.name} | ${cells.join(' | ')} |`;
    });
    rows.push('| 100 KB prompt | mixed (µs CPU) | digit-dense (µs CPU) |', '|---|---:|---:|');
    rows.push(`| **all detectors** | **${totals.mixed?.toFixed(0)}** | **${totals['digit-dense']?.toFixed(0)}** |`, ...per);
    console.log(`\nScan time, 100 KB, best of 7 rounds (each detector alone below)\n${rows.join('\n')}\n`);
    for (const t of Object.values(totals)) expect(t).toBeLessThan(20_000);
  });

  it('stays linear on adversarial input for every detector (4x the text costs under 8x the time; quadratic would be 16x)', () => {
    const adversarial = [
      'a',
      '@',
      'a@',
      '1',
      '1 ',
      '1-',
      '1.',
      '+1 ',
      '00',
      ':',
      'a:',
      '::',
      'sk-',
      'sk-a',
      'eyJ',
      'eyJa.',
      'AKIA',
      'ghp_',
      'xoxb-',
      '-----BEGIN PRIVATE KEY-----',
      'password=',
      'token: ',
      'DE89',
      'A1',
      '<',
    ];
    for (const unit of adversarial) {
      const small = unit.repeat(Math.ceil(50_000 / unit.length));
      const large = unit.repeat(Math.ceil(200_000 / unit.length));
      const ts = cpuMicros(() => scanAll(small), 3, 3);
      const tl = cpuMicros(() => scanAll(large), 3, 3);
      // Linear: 4x the text, about 4x the time; quadratic would be 16x.
      expect(tl / Math.max(ts, 200), JSON.stringify(unit)).toBeLessThan(8);
    }
  });
});
