/** @module FNV-1a: a tiny, fast, stable string hash for ids and embedding buckets. */

export function fnv1a(text: string, start = 0, end = text.length, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 16 hex characters from two differently seeded hashes: collision-safe enough for ids. */
export function hashId(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0') + fnv1a(text, 0, text.length, 0x01234567).toString(16).padStart(8, '0');
}
