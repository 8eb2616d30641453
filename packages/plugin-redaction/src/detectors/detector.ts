/**
 * @module The detector contract and the regex-driven detector most built-ins are made of. A
 * detector reports `[start, end)` spans of one text; it never sees a request, a context or another
 * detector, and it must be linear in the text's length.
 */

/** Where a detector writes what it found: flat `start, end` pairs, reused across the texts of a request. */
export type SpanSink = number[];

export interface Detector {
  /** Option name, e.g. `email`; `[a-z][a-z0-9_]*`. */
  readonly name: string;
  /** Placeholder type, e.g. `EMAIL` for `<EMAIL_1>`; `[A-Z][A-Z0-9_]*`. */
  readonly label: string;
  /** Appends `start, end` for each finding in `text`. Synchronous; linear in `text.length`. */
  scan(text: string, out: SpanSink): void;
  /**
   * Values with the same canonical form share a placeholder within a request (`4111 1111 1111 1111`
   * and `4111111111111111` are one card). Default: the exact text.
   */
  canonical?(value: string): string;
}

export interface RegexDetectorSpec {
  name: string;
  label?: string;
  /**
   * Compiled once. Must be global (`g`), and its worst case linear: a fixed literal or a rare
   * character first keeps the engine's fast skip-ahead, so text without candidates costs little.
   */
  pattern: RegExp;
  /**
   * Which capture group is the secret (the label before it stays readable); 0 (default) is the
   * whole match. The group must end the match.
   */
  group?: number;
  /** Accepts or refuses a candidate (checksums, entropy, number plans); `whole` is the full match. */
  validate?: (candidate: string, whole: string) => boolean;
  canonical?: (value: string) => string;
}

/** `<NAME>` placeholder type for a detector name: `credit_card` -> `CREDIT_CARD`. */
export function labelFor(name: string): string {
  return name.toUpperCase();
}

/**
 * A detector from one global regex plus an optional validator. Empty matches advance by one so a
 * pattern that can match nothing cannot loop.
 */
export function regexDetector(spec: RegexDetectorSpec): Detector {
  const { pattern: re, group = 0, validate } = spec;
  if (!re.global) throw new TypeError(`detector ${spec.name}: the pattern must have the g flag`);
  return {
    name: spec.name,
    label: spec.label ?? labelFor(spec.name),
    canonical: spec.canonical,
    scan(text, out) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const whole = m[0];
        if (whole.length === 0) {
          re.lastIndex++;
          continue;
        }
        const value = group === 0 ? whole : m[group];
        if (!value) continue;
        if (validate && !validate(value, whole)) continue;
        const end = m.index + whole.length;
        out.push(end - value.length, end);
      }
    },
  };
}

/** One detector made of several scans (e.g. a formatted and a labelled form) under one name. */
export function anyOf(name: string, parts: readonly Detector[], label = labelFor(name), canonical?: (value: string) => string): Detector {
  return {
    name,
    label,
    canonical,
    scan(text, out) {
      for (const part of parts) part.scan(text, out);
    },
  };
}

/** Digits only: one form for numbers written with or without spaces, dashes, dots or brackets. */
export function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of lower-case, upper-case, digit and other characters occur. */
export function characterClasses(s: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}
