/**
 * @module Linear, bounded token counting over a BPE tokenizer. BPE is super-linear in the length of
 * one pre-tokenized word, and a run of one script without spaces (CJK, a repeated letter, base64) is
 * one word: 60k CJK characters took seconds. Text is therefore counted in pieces of at most
 * `PIECE_CHARS`, cut where the tokenizer would cut anyway (before whitespace or punctuation), so normal
 * text counts exactly as a whole; and text beyond `EXACT_CHARS` is counted on evenly spaced windows
 * and scaled, so no text costs more than `EXACT_CHARS` characters of tokenizing.
 */

/** Counts the tokens of one short piece of text with the real tokenizer. */
export type PieceCounter = (piece: string) => number;

/** Longest piece handed to the tokenizer: bounds the per-word BPE cost. */
export const PIECE_CHARS = 256;
/** Texts up to this length are counted exactly (piece by piece); longer ones are sampled. */
export const EXACT_CHARS = 32_768;
const WINDOWS = 64;
const WINDOW_CHARS = EXACT_CHARS / WINDOWS;
/** The async counter lets the event loop run after about this many characters. */
const YIELD_CHARS = 8_192;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029;
}

/** ASCII punctuation (but not the apostrophes of contractions), CJK and full-width punctuation. */
function isPunct(c: number): boolean {
  if (c < 128) return c > 32 && c !== 39 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
  return (c >= 0x3001 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20);
}

/**
 * Whether a word starts at `i`: the tokenizer's pre-tokenizer never joins a word to the space or the
 * punctuation mark that follows it, so counting the two sides apart gives the same tokens.
 */
function isCut(text: string, i: number): boolean {
  const prev = text.charCodeAt(i - 1);
  if (isSpace(prev) || isPunct(prev)) return false;
  const c = text.charCodeAt(i);
  return isSpace(c) || isPunct(c);
}

/** The end of the piece that starts at `start`: a cut point in its second half, else a hard cut. */
function pieceEnd(text: string, start: number, limit: number): number {
  const max = start + PIECE_CHARS;
  if (max >= limit) return limit;
  for (let i = max; i > start + PIECE_CHARS / 2; i--) if (isCut(text, i)) return i;
  // No cut point: split the run, keeping surrogate pairs whole (one token of error at most).
  const c = text.charCodeAt(max);
  return c >= 0xdc00 && c <= 0xdfff ? max - 1 : max;
}

/** The first cut point at or after `i` within a short look-ahead, else `i` (keeps windows word-aligned). */
function alignForward(text: string, i: number, limit: number): number {
  const end = Math.min(limit, i + 64);
  for (let j = i; j < end; j++) if (j === 0 || isCut(text, j)) return j;
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff ? i + 1 : i;
}

/** The spans of text actually tokenized: the whole text, or evenly spaced word-aligned windows. */
function spans(text: string): [number, number][] {
  if (text.length <= EXACT_CHARS) return [[0, text.length]];
  const out: [number, number][] = [];
  const step = (text.length - WINDOW_CHARS) / (WINDOWS - 1);
  for (let k = 0; k < WINDOWS; k++) {
    const start = alignForward(text, Math.floor(k * step), text.length);
    const end = k === WINDOWS - 1 ? text.length : alignForward(text, Math.min(text.length, start + WINDOW_CHARS), text.length);
    if (end > start) out.push([start, end]);
  }
  return out;
}

function scaled(tokens: number, counted: number, total: number): number {
  return counted >= total || counted === 0 ? tokens : Math.round((tokens * total) / counted);
}

/** The pieces to tokenize, as [start, end) offsets, and how many characters they cover. */
function pieces(text: string): { cuts: number[]; counted: number } {
  const cuts: number[] = [];
  let counted = 0;
  for (const [from, to] of spans(text)) {
    for (let i = from; i < to; ) {
      const end = pieceEnd(text, i, to);
      cuts.push(i, end);
      i = end;
    }
    counted += to - from;
  }
  return { cuts, counted };
}

/**
 * Counts `text` in time linear in its length and bounded by `EXACT_CHARS` characters of tokenizing.
 * Exact for text up to `EXACT_CHARS` characters cut at words; an estimate scaled from samples beyond.
 */
export function countTokensLinear(count: PieceCounter, text: string): number {
  if (!text) return 0;
  const { cuts, counted } = pieces(text);
  let tokens = 0;
  for (let k = 0; k < cuts.length; k += 2) tokens += count(text.slice(cuts[k], cuts[k + 1]));
  return scaled(tokens, counted, text.length);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `countTokensLinear` that lets the event loop run every few thousand characters. */
export async function countTokensLinearAsync(count: PieceCounter, text: string): Promise<number> {
  if (text.length <= YIELD_CHARS) return countTokensLinear(count, text);
  const { cuts, counted } = pieces(text);
  let tokens = 0;
  let sinceTurn = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    const from = cuts[k] as number;
    const to = cuts[k + 1] as number;
    tokens += count(text.slice(from, to));
    sinceTurn += to - from;
    if (sinceTurn >= YIELD_CHARS) {
      sinceTurn = 0;
      await turn();
    }
  }
  return scaled(tokens, counted, text.length);
}
