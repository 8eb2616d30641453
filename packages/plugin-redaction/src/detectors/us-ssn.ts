/**
 * @module US Social Security numbers: `123-45-6789` or `123 45 6789` with a consistent separator, or
 * nine bare digits right after an `SSN` / `social security number` label. Numbers the SSA never
 * issues are refused: area 000, 666 or 900-999, group 00, serial 0000.
 */
import { anyOf, digitsOnly, regexDetector } from './detector.js';

const AREA = '(?!000|666|9\\d\\d)\\d{3}';
const GROUP = '(?!00)\\d{2}';
const SERIAL = '(?!0000)\\d{4}';

export const usSsnDetector = anyOf(
  'us_ssn',
  [
    regexDetector({ name: 'us_ssn', pattern: new RegExp(`(?<![\\w-])${AREA}([- ])${GROUP}\\1${SERIAL}(?![\\w-])`, 'g') }),
    regexDetector({
      name: 'us_ssn',
      // Case variants spelled out: a case-insensitive regex scans much slower than a literal-led one.
      pattern: new RegExp(
        `\\b(?:SSN|[Ss]sn|[Ss]ocial [Ss]ecurity(?: [Nn]umber)?|SOCIAL SECURITY(?: NUMBER)?)\\W{0,3}(${AREA}${GROUP}${SERIAL})(?!\\w)`,
        'g',
      ),
      group: 1,
    }),
  ],
  'US_SSN',
  digitsOnly,
);
