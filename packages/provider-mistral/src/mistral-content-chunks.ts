/**
 * @module Mistral content chunks. Reasoning models (Magistral) and answers citing references return
 * `content` as a list of chunks instead of a string, in whole messages and in stream deltas alike:
 * `{"type":"thinking","thinking":[{"type":"text","text":"..."}]}`, `{"type":"text","text":"..."}`,
 * `{"type":"reference","reference_ids":[...]}`.
 */

export interface SplitContent {
  text: string;
  reasoning: string;
}

function thinkingText(thinking: unknown): string {
  if (typeof thinking === 'string') return thinking;
  if (!Array.isArray(thinking)) return '';
  let out = '';
  for (const t of thinking) if (t && typeof t.text === 'string') out += t.text;
  return out;
}

/** Visible text and reasoning of a chunk list; chunks without text (references) contribute nothing. */
export function splitContentChunks(chunks: readonly unknown[]): SplitContent {
  let text = '';
  let reasoning = '';
  for (const c of chunks) {
    if (!c || typeof c !== 'object') continue;
    const chunk = c as Record<string, unknown>;
    if (chunk.type === 'text' && typeof chunk.text === 'string') text += chunk.text;
    else if (chunk.type === 'thinking') reasoning += thinkingText(chunk.thinking);
  }
  return { text, reasoning };
}
