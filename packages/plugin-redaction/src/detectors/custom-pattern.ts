/**
 * @module Operator-defined regex detectors (`custom:`). Requests are untrusted input, so a pattern
 * must be safe on any text: at config validation it is compiled and checked with `recheck` (a
 * ReDoS checker that proves patterns linear or finds attack strings for exponential and polynomial
 * backtracking); anything not proven safe is refused with the reason. recheck's pure-JavaScript
 * build is used so the check runs in-process, with no helper binary or worker, and is loaded only
 * when a config has custom patterns.
 */
import { createRequire } from 'node:module';
import { type Detector, labelFor, regexDetector } from './detector.js';

export const CUSTOM_FLAGS = /^[imsu]*$/;

export interface PatternVerdict {
  ok: boolean;
  reason?: string;
}

type CheckSync = typeof import('recheck/lib/browser.js').checkSync;
let checkSync: CheckSync | undefined;

function recheck(): CheckSync {
  if (!checkSync) {
    const require = createRequire(import.meta.url);
    checkSync = (require('recheck/lib/browser.js') as { checkSync: CheckSync }).checkSync;
  }
  return checkSync;
}

/** Compiles and proves a custom pattern safe; `reason` says what is wrong when it is not. */
export function checkCustomPattern(pattern: string, flags = ''): PatternVerdict {
  if (!CUSTOM_FLAGS.test(flags)) return { ok: false, reason: `flags may only contain i, m, s, u (got "${flags}")` };
  try {
    new RegExp(pattern, `g${flags}`);
  } catch (e) {
    return { ok: false, reason: `not a valid regular expression: ${(e as Error).message}` };
  }
  if (new RegExp(`^(?:${pattern})$`, flags).test('')) return { ok: false, reason: 'the pattern matches the empty string' };
  const verdict = recheck()(pattern, `g${flags}`, { timeout: 10_000 });
  if (verdict.status === 'safe') return { ok: true };
  if (verdict.status === 'vulnerable') {
    const type = verdict.complexity.type === 'exponential' ? 'exponential' : 'polynomial';
    return {
      ok: false,
      reason: `${type} backtracking (ReDoS) on input like ${JSON.stringify(verdict.attack.pattern).slice(0, 80)}: bound or anchor the repeated parts`,
    };
  }
  return { ok: false, reason: 'it could not be proven safe from catastrophic backtracking (ReDoS); simplify it' };
}

export interface CustomPatternSpec {
  name: string;
  pattern: string;
  flags?: string;
}

/** A detector for a pattern that `checkCustomPattern` accepted. */
export function customPatternDetector(spec: CustomPatternSpec): Detector {
  return regexDetector({ name: spec.name, label: labelFor(spec.name), pattern: new RegExp(spec.pattern, `g${spec.flags ?? ''}`) });
}
