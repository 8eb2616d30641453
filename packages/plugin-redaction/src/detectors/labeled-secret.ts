/**
 * @module Secrets known only by their label: the value after `password=`, `token:`, `secret =`,
 * `api_key:`, `client_secret=`, `DB_PASSWORD=` and the like (a label may be part of a longer name,
 * quoted, or followed by `:` or `=`). Only the value is masked, so the label stays readable. Code that
 * merely names a secret is not one: references (`process.env.X`, `${X}`, `<token>`), type
 * annotations (`password: string`), plain identifiers and low-entropy words are refused.
 *
 * Driven by the separators: `=` and `:` are found with `indexOf`, and only where the three letters
 * before one end a label word is the full pattern tried there (a sticky regex whose lookbehind reads
 * the label), so prose, JSON and logs full of `key: value` pairs cost little.
 */
import { characterClasses, type Detector, entropy } from './detector.js';

const LABEL =
  'pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|private[_-]?key|credentials?';

/** At a separator: the label behind it (group 1), then the value (group 2), 6-256 characters up to a space, quote or separator. */
const AT_SEPARATOR = new RegExp(`(?<=(${LABEL})["']?\\s{0,3})[:=]\\s{0,3}["']?([^\\s"'\`,;(){}<>\\[\\]]{6,256})`, 'iy');

/** The last three letters of every label word, lower-cased, as `a << 16 | b << 8 | c`. */
const LABEL_ENDINGS = new Set(
  ['ass', 'ord', 'swd', 'ase', 'pwd', 'ret', 'ken', 'key', 'ial', 'als'].map(
    (w) => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2),
  ),
);

/** References, placeholders and literals that name a secret without being one. */
const NOT_A_VALUE =
  /^(?:\$|%|\*+$|x+$|\.{3}|process\.env|os\.environ|os\.getenv|getenv|env\.|config\.|settings\.|self\.|this\.|secrets\.|vault:|null$|none$|nil$|undefined$|true$|false$|string$|str$|number$|int$|bool(?:ean)?$|bytes$|required$|optional$|redacted$|changeme$|example$|placeholder$|your[_-])/i;

/** `a.b.c` style names: identifiers joined by dots, with no digits. */
const MEMBER_PATH = /^[A-Za-z_][A-Za-z_]*(?:\.[A-Za-z_][A-Za-z_]*)*$/;

const PASSWORD_LABEL = /^(?:pass|pwd)/i;

function isSecretValue(value: string, label: string): boolean {
  if (NOT_A_VALUE.test(value) || MEMBER_PATH.test(value)) return false;
  const classes = characterClasses(value);
  // Passwords are often short and human-made: two character classes suffice.
  if (PASSWORD_LABEL.test(label)) return classes >= 2;
  return value.length >= 12 && classes >= 2 && entropy(value) >= 3;
}

/** Whether the three characters ending at `end` (exclusive) end a label word, ignoring case. */
function endsLabel(text: string, end: number): boolean {
  if (end < 3) return false;
  const a = text.charCodeAt(end - 3) | 0x20;
  const b = text.charCodeAt(end - 2) | 0x20;
  const c = text.charCodeAt(end - 1) | 0x20;
  return LABEL_ENDINGS.has((a << 16) | (b << 8) | c);
}

/** Where a label would end before the separator at `sep`: back over up to three spaces and a quote. */
function labelEnd(text: string, sep: number): number {
  let i = sep;
  for (let spaces = 0; spaces < 3 && i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9); spaces++) i--;
  const q = text.charCodeAt(i - 1);
  return q === 34 || q === 39 ? i - 1 : i;
}

function scanSeparator(text: string, sep: number, out: number[]): void {
  if (!endsLabel(text, labelEnd(text, sep))) return;
  AT_SEPARATOR.lastIndex = sep;
  const m = AT_SEPARATOR.exec(text);
  if (!m) return;
  const value = m[2] as string;
  if (!isSecretValue(value, m[1] as string)) return;
  const end = m.index + m[0].length;
  out.push(end - value.length, end);
}

export const labeledSecretDetector: Detector = {
  name: 'labeled_secret',
  label: 'SECRET',
  scan(text, out) {
    for (let p = text.indexOf('='); p !== -1; p = text.indexOf('=', p + 1)) scanSeparator(text, p, out);
    for (let p = text.indexOf(':'); p !== -1; p = text.indexOf(':', p + 1)) scanSeparator(text, p, out);
  },
};
