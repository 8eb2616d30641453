/**
 * @module Email addresses. Driven by `@`: the scan jumps from one `@` to the next with `indexOf`,
 * reads the local part backwards (at most 64 characters) and the domain forwards with a sticky,
 * bounded regex, so the cost per `@` is constant and a text without `@` costs one `indexOf`.
 */
import type { Detector } from './detector.js';

/** Up to 8 labels and a letters-only TLD; a trailing label character means the TLD did not end. */
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;

/** File extensions that look like TLDs in `logo@2x.png`-style asset names. */
const NOT_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'bmp', 'tiff', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'css']);

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 57) || // 0-9
    c === 46 || // .
    c === 95 || // _
    c === 37 || // %
    c === 43 || // +
    c === 45 || // -
    c === 39 // '
  );
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

export const emailDetector: Detector = {
  name: 'email',
  label: 'EMAIL',
  canonical: (value) => value.toLowerCase(),
  scan(text, out) {
    let at = text.indexOf('@');
    while (at !== -1) {
      let start = at;
      const floor = Math.max(0, at - 64);
      while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--;
      // A local part starts with a letter or digit: `'ann@x.com'` in code is quoted, not part of it.
      while (start < at && !isAlnum(text.charCodeAt(start))) start++;
      let next = at + 1;
      if (start < at && text.charCodeAt(at - 1) !== 46) {
        DOMAIN.lastIndex = at + 1;
        const m = DOMAIN.exec(text);
        if (m && !NOT_TLDS.has((m[1] as string).toLowerCase())) {
          next = DOMAIN.lastIndex;
          out.push(start, next);
        }
      }
      at = text.indexOf('@', next);
    }
  },
};
