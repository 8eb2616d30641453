/**
 * @module Payment card numbers: 12-19 digits, contiguous or grouped with spaces or dashes, that pass
 * the Luhn check and start with a known issuer prefix of the right length (Visa, Mastercard, Amex,
 * Discover, Diners, JCB, UnionPay, Maestro, Mir). A digit run is a candidate only where it starts and
 * ends (not inside a longer number); a run that overran into a following number is retried without
 * its trailing groups.
 */
import { type Detector, digitsOnly } from './detector.js';

/** A digit starting a run, then 11-18 more digits each optionally after one space or dash. */
const CANDIDATE = /(?<![\d.,-])\d(?:[ -]?\d){11,18}(?!\d)/g;
const TRAILING_GROUP = /[ -]\d+$/;

/** The Luhn (mod 10) checksum over a string of digits. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefix ranges and their lengths (ISO/IEC 7812 IINs of the major networks). */
function knownIssuer(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  switch (d.charCodeAt(0) - 48) {
    case 4:
      return n === 13 || n === 16 || n === 19;
    case 5:
      return (p2 >= 51 && p2 <= 55 && n === 16) || ((p2 === 50 || (p2 >= 56 && p2 <= 58)) && n >= 12);
    case 2:
      return (p4 >= 2221 && p4 <= 2720 && n === 16) || (p4 >= 2200 && p4 <= 2204 && n >= 16);
    case 3:
      return (
        ((p2 === 34 || p2 === 37) && n === 15) ||
        (p4 >= 3528 && p4 <= 3589 && n >= 16) ||
        ((p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) && n >= 14)
      );
    case 6:
      return n >= 12;
    default:
      return false;
  }
}

function digitsOf(s: string): string {
  return s.replace(/[ -]/g, '');
}

function isCard(candidate: string): boolean {
  const d = digitsOf(candidate);
  return d.length >= 12 && d.length <= 19 && knownIssuer(d) && luhn(d);
}

export const creditCardDetector: Detector = {
  name: 'credit_card',
  label: 'CREDIT_CARD',
  canonical: digitsOnly,
  scan(text, out) {
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
      let candidate = m[0];
      for (let tries = 0; tries < 3; tries++) {
        if (isCard(candidate)) {
          out.push(m.index, m.index + candidate.length);
          break;
        }
        const shorter = candidate.replace(TRAILING_GROUP, '');
        if (shorter === candidate) break;
        candidate = shorter;
      }
    }
  },
};
