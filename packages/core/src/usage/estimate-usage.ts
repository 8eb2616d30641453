/**
 * @module Token counts when the upstream sends none (self-hosted servers, aborted or failed streams):
 * counted with a real BPE tokenizer (o200k) and marked `estimated`. The tokenizer (~0.5 s, ~70 MB) is
 * loaded on first need only, so gateways whose upstreams report usage never pay for it. Counting is
 * linear and bounded (see token-counter.ts), and a stream's output is kept only up to a bound.
 */
import type { ChatRequest } from '../schema/chat-request.js';
import type { ChatResponse } from '../schema/chat-response.js';
import type { StreamPart } from '../schema/stream-part.js';
import type { Usage } from '../schema/usage.js';
import { countTokensLinear, countTokensLinearAsync, type PieceCounter } from './token-counter.js';

type Counter = (text: string) => number;

let loading: Promise<PieceCounter> | undefined;

/** The tokenizer's own counter for short pieces; ~4 characters per token if it cannot load. */
function loadPieceCounter(): Promise<PieceCounter> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base')
    .then((m): PieceCounter => m.countTokens)
    .catch((): PieceCounter => (s) => Math.ceil(s.length / 4));
  return loading;
}

/**
 * Resolves a synchronous o200k counter, linear in the text's length and bounded in time (exact up to
 * 32K characters, scaled from samples beyond). Prefer `countTokens`, which lets the event loop run.
 */
export async function loadTokenCounter(): Promise<Counter> {
  const piece = await loadPieceCounter();
  return (s) => countTokensLinear(piece, s);
}

/** Counts `text` like `loadTokenCounter()`'s counter, yielding to the event loop on long texts. */
export async function countTokens(text: string): Promise<number> {
  if (!text) return 0;
  return countTokensLinearAsync(await loadPieceCounter(), text);
}

// Chat formats add a few tokens per message for role and separators (OpenAI's cookbook: 3 + 3 priming).
const PER_MESSAGE = 3;
const PRIMING = 3;

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content)
    if (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string') out += (p as { text: string }).text;
  return out;
}

/** The text of a request a tokenizer should see: messages, tool calls, tool definitions. */
export function promptText(req: ChatRequest): { text: string; messages: number } {
  let text = '';
  for (const m of req.messages) {
    text += `${m.role}\n${contentText(m.content)}\n`;
    if (m.role === 'assistant' && m.tool_calls) for (const tc of m.tool_calls) text += `${tc.function.name}${tc.function.arguments}`;
  }
  if (req.tools?.length) text += JSON.stringify(req.tools);
  return { text, messages: req.messages.length };
}

/** Characters of generated text kept for counting; beyond, only their number is kept. */
const KEEP_CHARS = 1 << 20;
/** Characters of pass-through chunks kept by reference before their text is extracted. */
const RAW_KEEP_CHARS = 4 << 20;

/**
 * Accumulates what a stream produced, for counting if usage never arrives. Bounded: at most
 * `KEEP_CHARS` characters of text are kept and the count is scaled to the characters produced.
 */
export class OutputText {
  private produced = '';
  private dropped = 0;
  /** Pass-through chunks, kept by reference and read only if usage never arrives (or too many pile up). */
  private raw: string[] = [];
  private rawChars = 0;
  sawUsage = false;

  /** The text kept for counting: all that was produced, up to `KEEP_CHARS` characters. */
  get text(): string {
    this.fold();
    return this.produced;
  }

  /** Characters produced in all, kept or not. */
  get length(): number {
    this.fold();
    return this.produced.length + this.dropped;
  }

  add(part: StreamPart): void {
    switch (part.type) {
      case 'text':
      case 'reasoning':
        this.append(part.delta);
        break;
      case 'tool-call':
        this.append((part.name ?? '') + part.arguments);
        break;
      case 'raw':
        this.raw.push(part.data);
        this.rawChars += part.data.length;
        if (this.rawChars > RAW_KEEP_CHARS) this.fold();
        break;
      case 'usage':
        this.sawUsage = true;
        break;
      default:
        break;
    }
  }

  private append(s: string): void {
    const room = KEEP_CHARS - this.produced.length;
    if (room >= s.length) this.produced += s;
    else {
      if (room > 0) this.produced += s.slice(0, room);
      this.dropped += s.length - Math.max(0, room);
    }
  }

  private fold(): void {
    if (this.raw.length === 0) return;
    const raw = this.raw;
    this.raw = [];
    this.rawChars = 0;
    for (const data of raw) this.append(rawChunkText(data));
  }
}

/** The generated text in one OpenAI chunk (content, reasoning, tool names and arguments). */
function rawChunkText(data: string): string {
  let out = '';
  try {
    const chunk = JSON.parse(data) as { choices?: { delta?: Record<string, any> }[] };
    for (const c of chunk.choices ?? []) {
      const d = c.delta ?? {};
      if (typeof d.content === 'string') out += d.content;
      if (typeof d.reasoning_content === 'string') out += d.reasoning_content;
      for (const tc of Array.isArray(d.tool_calls) ? d.tool_calls : []) out += (tc?.function?.name ?? '') + (tc?.function?.arguments ?? '');
    }
  } catch {
    // Unparsable chunks were already reported as stream errors.
  }
  return out;
}

export function responseText(res: ChatResponse): string {
  let out = '';
  for (const c of res.choices) {
    out += contentText(c.message.content);
    if (typeof c.message.reasoning_content === 'string') out += c.message.reasoning_content;
    for (const tc of c.message.tool_calls ?? []) out += tc.function.name + tc.function.arguments;
  }
  return out;
}

/** Tokens of a stream's output, scaled when more was produced than was kept. */
async function outputTokens(output: string | OutputText): Promise<number> {
  if (typeof output === 'string') return countTokens(output);
  const text = output.text;
  const tokens = await countTokens(text);
  const total = output.length;
  return total > text.length && text.length > 0 ? Math.round((tokens * total) / text.length) : tokens;
}

export async function estimateUsage(req: ChatRequest | undefined, output: string | OutputText): Promise<Usage> {
  const prompt = req ? promptText(req) : { text: '', messages: 0 };
  const promptTokens = (await countTokens(prompt.text)) + prompt.messages * PER_MESSAGE + PRIMING;
  const completionTokens = await outputTokens(output);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    estimated: true,
  };
}
