/**
 * @module IBANs: a country code, two check digits and the BBAN, contiguous or in groups of four,
 * accepted only when `ibantools` confirms the country's length and format and the mod-97 checksum.
 * A candidate that ran on into following capitals or digits is retried without its trailing groups.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Detector } from './detector.js';

/** Country code, check digits, then 11-30 BBAN characters, each optionally after one space. */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
const TRAILING_GROUP = / [A-Z0-9]+$/;

function isIban(candidate: string): boolean {
  const electronic = electronicFormatIBAN(candidate);
  return electronic !== null && isValidIBAN(electronic);
}

export const ibanDetector: Detector = {
  name: 'iban',
  label: 'IBAN',
  canonical: (value) => electronicFormatIBAN(value) ?? value,
  scan(text, out) {
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
      let candidate = m[0];
      for (let tries = 0; tries < 3; tries++) {
        if (isIban(candidate)) {
          out.push(m.index, m.index + candidate.length);
          break;
        }
        const shorter = candidate.replace(TRAILING_GROUP, '');
        if (shorter === candidate || shorter.length < 15) break;
        candidate = shorter;
      }
    }
  },
};
