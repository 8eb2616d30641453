/**
 * @module Deny-lists of literal terms (`denyLists:`): project code names, client names, internal
 * host names. The terms are compiled at boot with `regexgen` into one regex over their minimised
 * automaton (shared prefixes and suffixes merged), which the engine runs natively: the scan grows
 * with the text, not with the number of terms (20,000 terms over 100 KB: about 20 µs; compiling
 * them takes about 2 s).
 * Matching is case-insensitive by default and whole-word by default (a term is not found inside a
 * longer word); the end boundary is in the regex, the start boundary is checked per match so the
 * engine keeps its fast skip-ahead.
 */
import regexgen from 'regexgen';
import { type Detector, labelFor } from './detector.js';

export interface DenyListSpec {
  name: string;
  terms: readonly string[];
  caseSensitive?: boolean;
  wholeWord?: boolean;
}

const WORD_CHAR_BEFORE = /[\p{L}\p{N}\p{M}_]$/u;

/** Characters that may follow a backslash in a `u`-mode regex as themselves. */
const SYNTAX_OR_CLASS_ESCAPE = /^[\^$\\.*+?()[\]{}|/A-Za-z0-9]$/;

/**
 * regexgen escapes some punctuation (`\-`, `\'`) that `u`-mode regexes refuse; such identity
 * escapes become code-point escapes, which mean the same character in and out of classes.
 */
function unicodeSafe(source: string): string {
  return source.replace(/\\(.)/gsu, (sequence, c: string) =>
    SYNTAX_OR_CLASS_ESCAPE.test(c) ? sequence : `\\u{${(c.codePointAt(0) as number).toString(16)}}`,
  );
}

export function denyListDetector(spec: DenyListSpec): Detector {
  const caseSensitive = spec.caseSensitive ?? false;
  const wholeWord = spec.wholeWord ?? true;
  const terms = [...new Set(spec.terms.map((t) => (caseSensitive ? t : t.toLowerCase())))];
  const trie = new regexgen.Trie();
  trie.addAll(terms);
  const automaton = unicodeSafe(trie.toString('u'));
  const end = wholeWord ? '(?![\\p{L}\\p{N}\\p{M}_])' : '';
  const re = new RegExp(`(?:${automaton})${end}`, caseSensitive ? 'gu' : 'giu');
  return {
    name: spec.name,
    label: labelFor(spec.name),
    scan(text, out) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const start = m.index;
        if (wholeWord && start > 0 && WORD_CHAR_BEFORE.test(text.slice(Math.max(0, start - 2), start))) {
          // Inside a word: a term may still start at a later word boundary within this match.
          re.lastIndex = start + 1;
          continue;
        }
        out.push(start, start + m[0].length);
      }
    },
  };
}
