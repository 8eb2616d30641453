/**
 * @module Mistral stream chunks. The base translation handles text, whole tool calls and usage on the
 * last content chunk; this adds chunk-list content (Magistral reasoning), in-stream `{"object":"error"}`
 * payloads, and tool-call continuation deltas that carry the literal id `"null"`.
 */
import { type OpenAIStreamState, type SseEvent, type StreamPart, streamError, type WireChatChunk } from '@switchyard/core';
import { splitContentChunks } from './mistral-content-chunks.js';

function isErrorChunk(chunk: WireChatChunk): boolean {
  return chunk.object === 'error' && !Array.isArray(chunk.choices);
}

/** `onStreamChunk`: runs per chunk after the base translation, so it only looks at what the base skips. */
export function onMistralStreamChunk(chunk: WireChatChunk, parts: StreamPart[], state: OpenAIStreamState): void {
  if (isErrorChunk(chunk)) {
    state.ended = true;
    parts.push({ type: 'error', error: streamError(state.provider, chunk, state.secrets) });
    return;
  }
  const choices = chunk.choices;
  if (!Array.isArray(choices)) return;
  for (let i = 0; i < choices.length; i++) {
    const ch = choices[i];
    const content = ch?.delta?.content as unknown;
    if (!Array.isArray(content)) continue;
    const choice = typeof ch?.index === 'number' ? ch.index : i;
    const { text, reasoning } = splitContentChunks(content);
    const extra: StreamPart[] = [];
    if (reasoning) extra.push({ type: 'reasoning', choice, delta: reasoning });
    if (text) extra.push({ type: 'text', choice, delta: text });
    if (!extra.length) continue;
    // Content precedes this choice's tool calls and finish, as it does for string content.
    let at = parts.findIndex((p) => (p.type === 'tool-call' || p.type === 'finish') && p.choice === choice);
    if (at === -1) at = parts.length;
    parts.splice(at, 0, ...extra);
  }
}

const NULL_ID = '"id":"null"';

/**
 * Some Mistral models stream a tool call in pieces whose continuation deltas carry `"id":"null"` (the
 * SDK's default), which the base would read as a new call. Such ids are removed before translation;
 * the substring test keeps the usual path free of a second parse.
 */
export function withoutNullToolCallIds(event: SseEvent): SseEvent {
  if (!event.data.includes(NULL_ID)) return event;
  let chunk: WireChatChunk;
  try {
    chunk = JSON.parse(event.data) as WireChatChunk;
  } catch {
    return event;
  }
  for (const ch of chunk.choices ?? []) {
    for (const tc of ch?.delta?.tool_calls ?? []) if (tc && tc.id === 'null') delete tc.id;
  }
  return { ...event, data: JSON.stringify(chunk) };
}
