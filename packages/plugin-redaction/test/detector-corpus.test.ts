// Precision and recall of every built-in detector on the labelled corpus (test/corpus), printed as a
// table and held above floors. Each detector scans every line of every file: a finding is a true
// positive when it is exactly a span marked in its own file, a false positive when it overlaps no
// marked span at all (part or all of a sensitive value marked in another file, such as the IPv4 tail
// of an IPv6 address, is neither), and a marked span of its own file it did not find is a false
// negative.
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/detectors/builtin-detectors.js';
import { loadCorpus } from './support/corpus.js';

interface Score {
  tp: number;
  fp: number;
  fn: number;
  misses: string[];
  falseAlarms: string[];
}

function score(): Map<string, Score> {
  const corpus = loadCorpus();
  const scores = new Map<string, Score>();
  for (const detector of BUILTIN_DETECTORS) {
    const s: Score = { tp: 0, fp: 0, fn: 0, misses: [], falseAlarms: [] };
    for (const line of corpus) {
      const out: number[] = [];
      detector.scan(line.text, out);
      const found = new Set<string>();
      for (let i = 0; i < out.length; i += 2) {
        const key = `${out[i]}:${out[i + 1]}`;
        found.add(key);
        const exact = line.spans.some(([a, b]) => `${a}:${b}` === key);
        const overlaps = line.spans.some(([a, b]) => (out[i] as number) < b && (out[i + 1] as number) > a);
        if (exact && line.detector === detector.name) s.tp++;
        else if (!overlaps) {
          s.fp++;
          s.falseAlarms.push(line.text.slice(out[i], out[i + 1]));
        }
      }
      if (line.detector !== detector.name) continue;
      for (const [a, b] of line.spans) {
        if (!found.has(`${a}:${b}`)) {
          s.fn++;
          s.misses.push(line.text.slice(a, b));
        }
      }
    }
    scores.set(detector.name, s);
  }
  return scores;
}

/** Floors per detector: what the corpus shows today, so a regression fails. Known misses keep some below 1. */
const FLOORS: Record<string, { precision: number; recall: number }> = {
  email: { precision: 1, recall: 0.75 },
  phone: { precision: 1, recall: 0.8 },
  credit_card: { precision: 1, recall: 0.9 },
  iban: { precision: 1, recall: 0.9 },
  us_ssn: { precision: 1, recall: 1 },
  ipv4: { precision: 0.85, recall: 1 },
  ipv6: { precision: 1, recall: 0.8 },
  labeled_secret: { precision: 0.85, recall: 0.75 },
};
const DEFAULT_FLOOR = { precision: 1, recall: 1 };

describe('detector corpus', () => {
  const scores = score();

  it('prints precision and recall per detector and holds them above their floors', () => {
    const rows = [...scores].map(([name, s]) => {
      const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
      const recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
      return { name, ...s, precision, recall };
    });
    const table = [
      '| detector | TP | FP | FN | precision | recall |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision.toFixed(2)} | ${r.recall.toFixed(2)} |`),
    ].join('\n');
    console.log(`\nDetector corpus (test/corpus)\n${table}\n`);
    for (const r of rows) {
      if (r.misses.length || r.falseAlarms.length)
        console.log(`${r.name}: misses ${JSON.stringify(r.misses)}; false alarms ${JSON.stringify(r.falseAlarms)}`);
    }
    for (const r of rows) {
      const floor = FLOORS[r.name] ?? DEFAULT_FLOOR;
      expect(r.precision, `${r.name} precision`).toBeGreaterThanOrEqual(floor.precision);
      expect(r.recall, `${r.name} recall`).toBeGreaterThanOrEqual(floor.recall);
    }
  });

  it('has positives and hard negatives for every built-in detector', () => {
    const corpus = loadCorpus();
    for (const d of BUILTIN_DETECTORS) {
      expect(corpus.filter((l) => l.detector === d.name && l.positive).length, d.name).toBeGreaterThanOrEqual(2);
      expect(corpus.filter((l) => l.detector === d.name && !l.positive).length, d.name).toBeGreaterThanOrEqual(2);
    }
  });
});
