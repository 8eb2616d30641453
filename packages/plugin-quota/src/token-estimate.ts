/**
 * @module What a request may consume, known before the call, without a tokenizer on the hot path.
 *
 * Input, cheaply: an upper bound from the text's UTF-8 size. Every token of a byte-level BPE (o200k,
 * cl100k and their kin; SentencePiece with byte fallback alike) covers at least one byte, so the
 * bound per character is its UTF-8 length: 1 token for ASCII, 2 for accented Latin, Greek or
 * Cyrillic, 3 for CJK, 4 for emoji; plus the chat framing core's estimate adds (3 per message, 3 to
 * prime). It is linear, allocates nothing, and is never below core's o200k estimate.
 *
 * Input, exactly: only when that bound does not fit a limit, the o200k count core uses, over the
 * text cut into pieces of at most `PIECE_CHARS` at whitespace (BPE is super-linear on one long run
 * of a script; cutting bounds each piece, and at whitespace the count is unchanged), for prompts up
 * to `EXACT_MAX_BYTES`, within `EXACT_BUDGET_MS` of CPU time (yielding between slices): English counts
 * about 40,000 characters per ms, CJK a few hundred, and what the budget does not reach keeps its
 * bound. Output: the request's cap
 * (`max_completion_tokens`, `max_tokens`, else the configured default), times `n` choices.
 */
import { type ChatRequest, type EmbeddingsRequest, type GatewayRequest, loadTokenCounter, promptText } from '@switchyard/core';

/** Core's chat framing: per message (role, separators) and to prime the reply. */
const PER_MESSAGE = 3;
const PRIMING = 3;
/** Longest piece the tokenizer sees at once. */
const PIECE_CHARS = 1_024;
/** Largest input (its bound, about its UTF-8 size) counted exactly; beyond it the bound stands. */
const EXACT_MAX_BYTES = 262_144;

function isChat(req: GatewayRequest): req is ChatRequest {
  return Array.isArray((req as ChatRequest).messages);
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function contentBytes(content: unknown): number {
  if (typeof content === 'string') return bytes(content);
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const p of content)
    if (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string') n += bytes((p as { text: string }).text);
  return n;
}

/** An upper bound on the input tokens, from UTF-8 sizes: what `promptText` holds, in bytes, plus framing. */
export function inputTokenBound(req: GatewayRequest): number {
  if (isChat(req)) {
    let n = PRIMING;
    for (const m of req.messages) {
      // `role\ncontent\n`, as promptText lays it out.
      n += PER_MESSAGE + bytes(m.role) + 2 + contentBytes(m.content);
      if (m.role === 'assistant' && m.tool_calls)
        for (const tc of m.tool_calls) n += bytes(tc.function.name) + bytes(tc.function.arguments);
    }
    if (req.tools?.length) n += bytes(JSON.stringify(req.tools));
    return n;
  }
  const input = (req as EmbeddingsRequest).input;
  if (typeof input === 'string') return bytes(input);
  let n = 0;
  for (const item of input) n += typeof item === 'number' ? 1 : Array.isArray(item) ? item.length : bytes(item);
  return n;
}

/** CPU time the exact count of one request may use; what it has not reached by then keeps its bound. */
const EXACT_BUDGET_MS = 25;
/** Counting runs in slices this long, yielding to the event loop between them. */
const SLICE_MS = 5;

/** CPU time of this process, ms: unlike wall time, not inflated when other work preempts the count. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
}

class Budget {
  private spent = 0;
  private sliceCpu = cpuMs();
  private sliceWall = performance.now();

  get exhausted(): boolean {
    return this.spent + (cpuMs() - this.sliceCpu) >= EXACT_BUDGET_MS;
  }

  /** Yields to the event loop once a slice is used up, so other requests are not held up. */
  async pace(): Promise<void> {
    if (performance.now() - this.sliceWall < SLICE_MS) return;
    this.spent += cpuMs() - this.sliceCpu;
    await new Promise((r) => setImmediate(r));
    this.sliceCpu = cpuMs();
    this.sliceWall = performance.now();
  }
}

/** o200k tokens of `text`, piece by piece (cut at whitespace when there is some), within the budget. */
async function countInPieces(count: (s: string) => number, text: string, budget: Budget): Promise<number> {
  let n = 0;
  for (let start = 0; start < text.length; ) {
    if (budget.exhausted) return n + bytes(text.slice(start));
    let end = Math.min(text.length, start + PIECE_CHARS);
    if (end < text.length) {
      // The pre-tokenizer starts words at a space: cutting before one does not change the count.
      const space = text.lastIndexOf(' ', end);
      if (space > start + PIECE_CHARS / 2) end = space;
      else if (text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
    }
    n += count(text.slice(start, end));
    start = end;
    await budget.pace();
  }
  return n;
}

/**
 * The input counted with core's o200k estimate, in bounded pieces and within a CPU budget, given its
 * `bound`; what the budget does not reach keeps its bound, so the result is never below the true
 * count. Undefined when the input is too large to be worth counting (its bound then stands).
 */
export async function exactInputTokens(req: GatewayRequest, bound: number): Promise<number | undefined> {
  if (bound > EXACT_MAX_BYTES) return undefined;
  const count = await loadTokenCounter();
  const budget = new Budget();
  if (isChat(req)) {
    const prompt = promptText(req);
    return (await countInPieces(count, prompt.text, budget)) + prompt.messages * PER_MESSAGE + PRIMING;
  }
  const input = (req as EmbeddingsRequest).input;
  if (typeof input === 'string') return countInPieces(count, input, budget);
  let n = 0;
  for (const item of input)
    n += typeof item === 'number' ? 1 : Array.isArray(item) ? item.length : await countInPieces(count, item, budget);
  return n;
}

/** The request's own output cap, if it sets one. */
export function requestedOutputCap(req: GatewayRequest): number | undefined {
  if (!isChat(req)) return undefined;
  return req.max_completion_tokens ?? req.max_tokens ?? undefined;
}

export function outputReservation(req: GatewayRequest, defaultOutputTokens: number): number {
  if (!isChat(req)) return 0;
  return (requestedOutputCap(req) ?? defaultOutputTokens) * (req.n ?? 1);
}
