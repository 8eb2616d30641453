/**
 * @module One SSE event of an OpenAI-compatible chat stream -> stream parts. Runs per chunk, so it is
 * synchronous, allocation-light and validation-free: it reads only the fields it needs and checks
 * their types by hand.
 */
import type { SseEvent } from '../provider.js';
import type { StreamPart } from '../schema/stream-part.js';
import { isStreamError, streamError, streamProtocolError } from './error-body.js';
import { mapFinishReason } from './finish-reason.js';
import type { OpenAIStreamState } from './stream-state.js';
import { argumentsText, fallbackToolCallId } from './tool-calls.js';
import { normalizeUsage } from './usage.js';
import type { WireChatChunk, WireToolCall } from './wire-types.js';

/** A provider hook run after the generic translation of a chunk; it may edit or append to `parts`. */
export type StreamChunkHook = (chunk: WireChatChunk, parts: StreamPart[], state: OpenAIStreamState) => void;

/**
 * Streamed tool calls: the first delta of a call carries `index`, `id`, `type` and `function.name`;
 * later ones only `index` and argument pieces. Servers differ: Ollama reuses index 0 for every call
 * of a parallel batch (a new `id` at a seen index is a new call), some omit `index` (a delta without
 * index or id continues the last call), Mistral sends each call whole, some send no id at all.
 */
function toolCallPart(tc: WireToolCall, choice: number, state: OpenAIStreamState, parts: StreamPart[]): void {
  const tools = state.choiceTools(choice);
  const upstreamIndex = typeof tc.index === 'number' ? tc.index : undefined;
  const id = typeof tc.id === 'string' && tc.id !== '' ? tc.id : undefined;
  const fn = tc.function;
  const args = fn ? argumentsText(fn.arguments) : '';
  let slot = upstreamIndex === undefined ? (id === undefined ? tools.last : undefined) : tools.byUpstreamIndex.get(upstreamIndex);
  if (slot && id !== undefined && slot.id !== id) slot = undefined;
  if (slot) {
    tools.last = slot;
    if (args !== '') parts.push({ type: 'tool-call', choice, index: slot.index, arguments: args });
    return;
  }
  const index = tools.next++;
  slot = { id: id ?? fallbackToolCallId(state.responseId, choice, index), index };
  if (upstreamIndex !== undefined) tools.byUpstreamIndex.set(upstreamIndex, slot);
  tools.last = slot;
  const name = fn && typeof fn.name === 'string' ? fn.name : '';
  parts.push({ type: 'tool-call', choice, index, id: slot.id, name, arguments: args });
}

/** The parts of one parsed chunk, appended to `parts`. */
export function chunkToParts(chunk: WireChatChunk, state: OpenAIStreamState, parts: StreamPart[]): void {
  const choices = chunk.choices;
  const hasChoices = Array.isArray(choices) && choices.length > 0;
  // Azure sends a first chunk with `id: ""` and no choices (prompt filter results): not the start yet.
  if (!state.started && (hasChoices || (typeof chunk.id === 'string' && chunk.id !== ''))) {
    state.started = true;
    state.responseId = typeof chunk.id === 'string' ? chunk.id : '';
    parts.push({
      type: 'start',
      id: state.responseId,
      model: typeof chunk.model === 'string' && chunk.model ? chunk.model : state.model,
      created: typeof chunk.created === 'number' && chunk.created > 0 ? chunk.created : Math.floor(Date.now() / 1000),
    });
  }
  if (hasChoices) {
    for (let i = 0; i < choices.length; i++) {
      const ch = choices[i];
      if (!ch) continue;
      const choice = typeof ch.index === 'number' ? ch.index : i;
      const d = ch.delta;
      if (d) {
        const reasoning = typeof d.reasoning_content === 'string' ? d.reasoning_content : d.reasoning;
        if (typeof reasoning === 'string' && reasoning !== '') parts.push({ type: 'reasoning', choice, delta: reasoning });
        if (typeof d.content === 'string' && d.content !== '') parts.push({ type: 'text', choice, delta: d.content });
        const calls = d.tool_calls;
        if (Array.isArray(calls)) for (const tc of calls) if (tc) toolCallPart(tc, choice, state, parts);
      }
      const reason = mapFinishReason(ch.finish_reason);
      if (reason) parts.push({ type: 'finish', choice, reason });
    }
  }
  if (chunk.usage && !state.usageSent) {
    const usage = normalizeUsage(chunk.usage);
    if (usage && !hasChoices) {
      // OpenAI's include_usage chunk: `choices: []`, last before [DONE].
      state.usageSent = true;
      state.pendingUsage = undefined;
      parts.push({ type: 'usage', usage });
    } else if (usage) {
      // Usage on a content chunk (Mistral's last chunk, vLLM's continuous stats): keep the latest.
      state.pendingUsage = usage;
    }
  }
}

/** Parts still owed when the stream ends: usage that came on a content chunk. */
export function flushStream(state: OpenAIStreamState): StreamPart[] {
  state.ended = true;
  if (state.usageSent || !state.pendingUsage) return [];
  state.usageSent = true;
  const usage = state.pendingUsage;
  state.pendingUsage = undefined;
  return [{ type: 'usage', usage }];
}

/** The provider `fromStreamEvent` of every OpenAI-compatible provider. */
export function translateStreamEvent(event: SseEvent, state: OpenAIStreamState, hook?: StreamChunkHook): StreamPart[] {
  if (state.ended) return [];
  const data = event.data;
  if (data === '[DONE]') return flushStream(state);
  if (data === '') return [];
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch (e) {
    state.ended = true;
    return [{ type: 'error', error: streamProtocolError(state.provider, data, e) }];
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    state.ended = true;
    return [{ type: 'error', error: streamProtocolError(state.provider, data) }];
  }
  // `data: {"error": ...}` is how OpenAI and most compatible servers fail after the 200; older
  // llama.cpp used an `event: error` line instead.
  if (event.event === 'error' || isStreamError(payload as Record<string, unknown>)) {
    state.ended = true;
    return [{ type: 'error', error: streamError(state.provider, payload, state.secrets) }];
  }
  const parts: StreamPart[] = [];
  chunkToParts(payload as WireChatChunk, state, parts);
  if (hook) hook(payload as WireChatChunk, parts, state);
  return parts;
}
