/**
 * @module Per-chunk edits of self-hosted streams, after the base translation: in-stream
 * `{"object":"error"}` payloads (vLLM), weak tool-call ids, `stop` after tool calls (TGI, older
 * Ollama) reported as `tool_calls`, and `<think>` splitting. Per-stream data
 * lives in the state's `hook` slot; the deployment settings are put there when the stream starts.
 */
import { fallbackToolCallId, type OpenAIStreamState, type StreamPart, streamError, type WireChatChunk } from '@switchyard/core';
import type { DeploymentSettings } from './self-hosted-options.js';
import { type ThinkSegment, ThinkTagSplitter } from './think-tags.js';
import { isOddToolCallId, stableToolCallId } from './tool-call-ids.js';

interface StreamSlot {
  settings?: DeploymentSettings;
  created?: number;
  think?: Map<number, ThinkTagSplitter>;
}

const slot = (state: OpenAIStreamState) => state.hook as StreamSlot;

export function attachSettings(state: OpenAIStreamState, settings: DeploymentSettings): OpenAIStreamState {
  slot(state).settings = settings;
  return state;
}

function toParts(segments: ThinkSegment[], choice: number): StreamPart[] {
  return segments.map((s) => (s.reasoning ? { type: 'reasoning', choice, delta: s.text } : { type: 'text', choice, delta: s.text }));
}

/** Rewrites text parts through per-choice splitters; a finish releases what its choice held back. */
function splitThinkParts(parts: StreamPart[], state: OpenAIStreamState): void {
  const hook = slot(state);
  let out: StreamPart[] | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    let replacement: StreamPart[] | undefined;
    if (p.type === 'text') {
      let splitter = hook.think?.get(p.choice);
      if (!splitter && p.delta.includes('<')) {
        splitter = new ThinkTagSplitter();
        hook.think ??= new Map();
        hook.think.set(p.choice, splitter);
      }
      if (splitter && !(splitter.idle && !p.delta.includes('<'))) replacement = toParts(splitter.push(p.delta), p.choice);
    } else if (p.type === 'finish') {
      const rest = hook.think?.get(p.choice)?.flush();
      if (rest?.length) replacement = [...toParts(rest, p.choice), p];
    }
    if (replacement) {
      out ??= parts.slice(0, i);
      out.push(...replacement);
    } else if (out) out.push(p);
  }
  if (out) parts.splice(0, parts.length, ...out);
}

/** Text a splitter still holds when the stream ends without a finish for its choice. */
export function flushThink(state: OpenAIStreamState): StreamPart[] {
  const think = slot(state).think;
  if (!think || state.ended) return [];
  const out: StreamPart[] = [];
  for (const [choice, splitter] of think) out.push(...toParts(splitter.flush(), choice));
  return out;
}

/** `onStreamChunk` of the `openai-compatible` provider. */
export function onSelfHostedStreamChunk(chunk: WireChatChunk, parts: StreamPart[], state: OpenAIStreamState): void {
  // vLLM reports failures after the 200 as `{"object":"error","message",...}`, which has no `error` member.
  if (chunk.object === 'error' && !Array.isArray(chunk.choices)) {
    state.ended = true;
    parts.push({ type: 'error', error: streamError(state.provider, chunk, state.secrets) });
    return;
  }
  const hook = slot(state);
  for (const p of parts) {
    if (p.type === 'start') hook.created = p.created;
    else if (p.type === 'finish') {
      if (p.reason === 'stop' && state.tools?.has(p.choice)) p.reason = 'tool_calls';
    } else if (p.type === 'tool-call' && p.id !== undefined) {
      if (isOddToolCallId(p.id) || p.id === fallbackToolCallId(state.responseId, p.choice, p.index)) {
        p.id = stableToolCallId(state.responseId, hook.created ?? 0, state.model, p.choice, p.index, p.name ?? '');
      }
    }
  }
  if (hook.settings?.thinkTags) splitThinkParts(parts, state);
}
