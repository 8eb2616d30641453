/**
 * @module The mock's "tokenizer": a token is a run of non-whitespace characters. Deterministic and
 * easy to predict in tests ("hello world" is 2 tokens); not meant to match any real tokenizer.
 */

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff;
}

export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** Word pieces as a model streams them: leading whitespace stays with its word (" world"). Joins back to `text`. */
export function wordPieces(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    out.push(text.slice(start, i));
    start = i;
  }
  // Trailing whitespace after the last word belongs to that word.
  if (out.length > 1 && countWords(out[out.length - 1] as string) === 0) {
    const tail = out.pop() as string;
    out[out.length - 1] += tail;
  }
  return out;
}

/**
 * `n` pieces of near-equal length (fewer when the text is shorter), never splitting a surrogate pair.
 * Cut on UTF-16 offsets: no per-character array, so a multi-megabyte reply stays cheap to split.
 */
export function evenPieces(text: string, n: number): string[] {
  if (!text) return [];
  const k = Math.min(n, text.length);
  const out: string[] = [];
  let start = 0;
  for (let p = 1; p <= k; p++) {
    let end = p === k ? text.length : Math.floor((p * text.length) / k);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    if (end > start) out.push(text.slice(start, end));
    start = Math.max(start, end);
  }
  return out;
}

const LOREM =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

/** `n` deterministic filler words. */
export function lorem(n: number): string {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = LOREM[i % LOREM.length] as string;
  return out.join(' ');
}
