/**
 * @module Token counts when the upstream sends none (self-hosted servers, aborted or failed streams):
 * counted with a real BPE tokenizer (o200k) and marked `estimated`. The tokenizer (~0.5 s, ~70 MB) is
 * loaded on first need only, so gateways whose upstreams report usage never pay for it.
 */
import type { ChatRequest } from '../schema/chat-request.js';
import type { ChatResponse } from '../schema/chat-response.js';
import type { StreamPart } from '../schema/stream-part.js';
import type { Usage } from '../schema/usage.js';

type Counter = (text: string) => number;

let loading: Promise<Counter> | undefined;

/** Resolves the tokenizer's counter; falls back to ~4 characters per token if it cannot load. */
export function loadTokenCounter(): Promise<Counter> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base')
    .then(
      (m): Counter =>
        (s) =>
          s ? m.countTokens(s) : 0,
    )
    .catch((): Counter => (s) => Math.ceil(s.length / 4));
  return loading;
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

/** Accumulates what a stream produced, for counting if usage never arrives. */
export class OutputText {
  private produced = '';
  /** Pass-through chunks, kept by reference and read only if usage never arrives. */
  private readonly raw: string[] = [];
  sawUsage = false;

  get text(): string {
    if (this.raw.length === 0) return this.produced;
    let out = this.produced;
    for (const data of this.raw) out += rawChunkText(data);
    return out;
  }

  add(part: StreamPart): void {
    switch (part.type) {
      case 'text':
      case 'reasoning':
        this.produced += part.delta;
        break;
      case 'tool-call':
        this.produced += (part.name ?? '') + part.arguments;
        break;
      case 'raw':
        this.raw.push(part.data);
        break;
      case 'usage':
        this.sawUsage = true;
        break;
      default:
        break;
    }
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

export async function estimateUsage(req: ChatRequest | undefined, output: string): Promise<Usage> {
  const count = await loadTokenCounter();
  const prompt = req ? promptText(req) : { text: '', messages: 0 };
  const promptTokens = count(prompt.text) + prompt.messages * PER_MESSAGE + PRIMING;
  const completionTokens = count(output);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    estimated: true,
  };
}
