/**
 * @module IP addresses. IPv4: dotted quads with each octet 0-255, not inside a longer dotted run
 * (`1.2.3.4.5`) or after a letter (`v1.2.3.4`). IPv6: driven by colons, so prose costs one regex
 * skip per `::` or `x:y:`; a candidate is read out to its edges, must be a valid address to
 * `node:net`, carry two or more groups and five or more hex digits (so `a::b` in code is not an
 * address), and stand apart from surrounding word characters.
 */
import { isIPv6 } from 'node:net';
import { type Detector, regexDetector } from './detector.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

export const ipv4Detector = regexDetector({
  name: 'ipv4',
  pattern: new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g'),
});

/** An address's characters (an embedded IPv4 tail included), at most 45 of them. */
const BODY = /[0-9A-Fa-f:.]{2,45}/y;

function isHexOrColon(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function plausible(candidate: string): boolean {
  let hex = 0;
  let groups = 0;
  let inGroup = false;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 58) inGroup = false;
    else {
      if (!inGroup) groups++;
      inGroup = true;
      if (c !== 46) hex++;
    }
  }
  return groups >= 2 && hex >= 5 && isIPv6(candidate);
}

export const ipv6Detector: Detector = {
  name: 'ipv6',
  label: 'IPV6',
  scan(text, out) {
    // Every address has two colons at most four hex digits apart: find those with indexOf (fast
    // in prose and code alike), then read the candidate out to its edges.
    let colon = text.indexOf(':');
    while (colon !== -1) {
      let next = colon + 1;
      while (next < text.length && next - colon <= 4 && isHexOrColon(text.charCodeAt(next)) && text.charCodeAt(next) !== 58) next++;
      if (text.charCodeAt(next) !== 58) {
        colon = text.indexOf(':', next);
        continue;
      }
      let start = colon;
      const floor = Math.max(0, start - 39);
      while (start > floor && isHexOrColon(text.charCodeAt(start - 1))) start--;
      BODY.lastIndex = start;
      const body = BODY.exec(text);
      let candidate = body ? body[0] : '';
      // A sentence may end right after an address: "... at fe80::1."
      while (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
      const end = start + candidate.length;
      if (
        candidate &&
        !(start > 0 && isWordChar(text.charCodeAt(start - 1))) &&
        !(end < text.length && isWordChar(text.charCodeAt(end))) &&
        plausible(candidate)
      ) {
        out.push(start, end);
      }
      colon = text.indexOf(':', Math.max(end, next));
    }
  },
};
