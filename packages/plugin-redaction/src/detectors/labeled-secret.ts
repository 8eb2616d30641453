/**
 * @module Secrets known only by their label: the value after `password=`, `token:`, `secret =`,
 * `api_key:`, `client_secret=`, `DB_PASSWORD=` and the like (a label may be part of a longer name,
 * quoted, or followed by `:` or `=`). Only the value is masked, so the label stays readable. Code that
 * merely names a secret is not one: references (`process.env.X`, `${X}`, `<token>`), type
 * annotations (`password: string`), plain identifiers and low-entropy words are refused.
 */
import { characterClasses, entropy, regexDetector } from './detector.js';

const LABEL =
  'pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|private[_-]?key|credentials?';

/** A value runs to whitespace, a quote, or a separator; between 6 and 256 characters. */
const PATTERN = new RegExp(`(?:${LABEL})["']?\\s{0,3}[:=]\\s{0,3}["']?([^\\s"'\`,;(){}<>\\[\\]]{6,256})`, 'gi');

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

export const labeledSecretDetector = regexDetector({
  name: 'labeled_secret',
  label: 'SECRET',
  pattern: PATTERN,
  group: 1,
  validate: (value, match) => isSecretValue(value, match),
});
