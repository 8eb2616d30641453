/**
 * @module Phone numbers, validated against libphonenumber's number plans (`libphonenumber-js/max`):
 * international numbers written with `+` or `00` and a country code, and North American numbers in
 * their usual punctuated forms (`(415) 555-2671`, `415-555-2671`). A cheap regex finds candidates;
 * only those reach the (costlier, ~50 µs) libphonenumber check. A candidate that overran into a
 * following number is retried without its trailing groups.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Detector, SpanSink } from './detector.js';

/** After `+` or `00`: a country code, then digits and separators, ending on a digit. */
const PLUS_NUMBER = /\+[1-9][\d ().\u00a0-]{5,22}\d(?![\d-])/y;
const ZERO_ZERO_NUMBER = /00(?<![\w+]00)[1-9][\d ().\u00a0-]{5,22}\d(?![\d-])/g;
/** North American punctuation: `(NXX) NXX-XXXX`, `NXX-NXX-XXXX`, `NXX.NXX.XXXX`. */
const NORTH_AMERICAN = /(?<![\w+.-])(?:\(\d{3}\) ?\d{3}[.-]|\d{3}([.-])\d{3}\1)\d{4}(?![\w-]|\.\d)/g;
const SEPARATOR_RUN = /[ ().\u00a0-]+\d+$/;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function validInternational(candidate: string): boolean {
  const digits = digitCount(candidate);
  // E.164 allows at most 15 digits (plus the 00 prefix); fewer than 7 is no subscriber number.
  if (digits < 7 || digits > (candidate.startsWith('00') ? 17 : 15)) return false;
  const number = candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate;
  return parsePhoneNumberFromString(number)?.isValid() === true;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43;
}

/** "+1 415 555 2671 20 times": drops trailing groups (at most two) until the number is valid. */
function pushInternational(candidate: string, at: number, out: SpanSink): void {
  for (let tries = 0; tries < 3; tries++) {
    if (validInternational(candidate)) {
      out.push(at, at + candidate.length);
      return;
    }
    const shorter = candidate.replace(SEPARATOR_RUN, '');
    if (shorter === candidate) return;
    candidate = shorter;
  }
}

export const phoneDetector: Detector = {
  name: 'phone',
  label: 'PHONE',
  canonical: (value) => (value.startsWith('+') ? '+' : '') + value.replace(/\D/g, '').replace(/^00/, ''),
  scan(text, out) {
    // `+` is rare in prose and code: jump between them with indexOf.
    for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
      if (plus > 0 && isWordChar(text.charCodeAt(plus - 1))) continue;
      PLUS_NUMBER.lastIndex = plus;
      const m = PLUS_NUMBER.exec(text);
      if (m) pushInternational(m[0], plus, out);
    }
    ZERO_ZERO_NUMBER.lastIndex = 0;
    for (let m = ZERO_ZERO_NUMBER.exec(text); m !== null; m = ZERO_ZERO_NUMBER.exec(text)) pushInternational(m[0], m.index, out);
    NORTH_AMERICAN.lastIndex = 0;
    for (let m = NORTH_AMERICAN.exec(text); m !== null; m = NORTH_AMERICAN.exec(text)) {
      if (parsePhoneNumberFromString(m[0], 'US')?.isValid() === true) out.push(m.index, m.index + m[0].length);
    }
  },
};
