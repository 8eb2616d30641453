/**
 * @module Bounds for the strings a ledger row takes from clients and upstreams (model names,
 * attribution, error codes): printable text of bounded length, so a hostile value can neither bloat
 * the ledger nor carry control characters into reports, terminals and spreadsheets.
 */

/** Longest text field (model names, feature, customer, principal fields), in UTF-16 units. */
export const TEXT_MAX = 256;
/** Tags per row, and the longest tag. */
export const TAGS_MAX = 32;
export const TAG_MAX = 64;
/** Error codes are identifiers. */
export const CODE_MAX = 64;

const PLAIN = /^[\x20-\x7e]*$/;
// Controls, format characters (bidi overrides, zero-width), line/paragraph separators, lone surrogates.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const NOT_CODE = /[^A-Za-z0-9_.:-]/g;

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  // Never split a surrogate pair.
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/** Printable text of at most `max` units: unprintable characters become U+FFFD, a longer value ends in `…`. */
export function boundText(s: string, max = TEXT_MAX): string {
  if (s.length <= max && PLAIN.test(s)) return s;
  // Cut first, so the work is bounded by `max`, not by the input.
  return truncate(truncate(s, max + 1).replace(UNPRINTABLE, '\uFFFD'), max);
}

/** `boundText`, keeping null and undefined as null and an empty value as null. */
export function boundOptional(s: string | null | undefined, max = TEXT_MAX): string | null {
  return s ? boundText(s, max) : null;
}

/** At most `TAGS_MAX` tags of at most `TAG_MAX` units each. */
export function boundTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    if (out.length === TAGS_MAX) break;
    if (t) out.push(boundText(t, TAG_MAX));
  }
  return out;
}

/** An identifier: letters, digits and `_ . : -` only (others become `_`), at most `CODE_MAX` long. */
export function boundCode(code: string | undefined): string | null {
  if (!code) return null;
  return code.slice(0, CODE_MAX).replace(NOT_CODE, '_');
}
