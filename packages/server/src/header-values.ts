/**
 * @module Response header values that carry request- or upstream-derived text (model names, plugin
 * and upstream headers). Node throws on characters outside Latin-1 and on control characters, which
 * broke responses mid-flight; so a value that is not plain visible ASCII is sent percent-encoded
 * (UTF-8, as `encodeURIComponent` would, so `decodeURIComponent` restores it).
 */

const PLAIN = /^[\x21-\x24\x26-\x7e]*$/;
const HEX = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);

/** Visible ASCII (no `%`) as is; anything else percent-encoded byte by byte. */
export function headerValue(value: string): string {
  if (PLAIN.test(value)) return value;
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) out += b > 0x20 && b < 0x7f && b !== 0x25 ? String.fromCharCode(b) : HEX[b];
  return out;
}

/** Every value of a header record through `headerValue`. */
export function headerValues(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) out[k] = headerValue(headers[k] as string);
  return out;
}
