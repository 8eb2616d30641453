/**
 * @module `POST /v1/messages/count_tokens`: an estimate, not Anthropic's tokenizer.
 *
 * The gateway may route a model to any provider, so it cannot ask one tokenizer. The estimate is
 * ~4 characters per token for ASCII text and 1 token per other character (CJK and most non-Latin
 * scripts tokenize densely), over the system prompt, message text, tool inputs and results, and
 * tool definitions (as JSON), plus a small per-message overhead and a flat cost per image or
 * document. Expect it within ~15% on English prose; good enough for budgeting and compaction
 * decisions, which is what clients use it for.
 */
import type { CountTokensRequest } from './messages-request-schema.js';

/** Anthropic's documented upper-end cost of one ~1.15-megapixel image: (w*h)/750 ≈ 1,600 tokens. */
const IMAGE_TOKENS = 1600;
const DOCUMENT_TOKENS = 1600;
const MESSAGE_OVERHEAD = 4;
const TOOL_OVERHEAD = 10;

export function estimateTextTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

function blockTokens(b: Record<string, unknown>): number {
  switch (b.type) {
    case 'text':
      return estimateTextTokens(String(b.text ?? ''));
    case 'thinking':
      return estimateTextTokens(String(b.thinking ?? ''));
    case 'image':
      return IMAGE_TOKENS;
    case 'document':
      return DOCUMENT_TOKENS;
    case 'tool_use':
      return estimateTextTokens(String(b.name ?? '')) + estimateTextTokens(JSON.stringify(b.input ?? {}));
    case 'tool_result': {
      const c = b.content;
      if (typeof c === 'string') return estimateTextTokens(c);
      return Array.isArray(c) ? c.reduce((n: number, x) => n + blockTokens(x as Record<string, unknown>), 0) : 0;
    }
    default:
      return estimateTextTokens(JSON.stringify(b));
  }
}

function contentTokens(content: string | readonly unknown[]): number {
  if (typeof content === 'string') return estimateTextTokens(content);
  return content.reduce<number>((n, b) => n + blockTokens(b as Record<string, unknown>), 0);
}

/** `{ input_tokens }` as the count_tokens endpoint answers. */
export function countTokensEstimate(req: CountTokensRequest): { input_tokens: number } {
  let total = 0;
  if (req.system !== undefined) total += contentTokens(req.system);
  for (const m of req.messages) total += MESSAGE_OVERHEAD + contentTokens(m.content);
  for (const t of req.tools ?? []) total += TOOL_OVERHEAD + estimateTextTokens(JSON.stringify(t));
  return { input_tokens: Math.max(1, total) };
}
