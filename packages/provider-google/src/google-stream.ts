/**
 * @module `streamGenerateContent?alt=sse` -> stream parts. Each SSE event is a whole
 * GenerateContentResponse chunk (no `[DONE]`): text arrives in pieces, a function call arrives
 * whole in one part, `usageMetadata` is cumulative, and the last chunk carries `finishReason`.
 */
import { type SseEvent, type StreamPart, SwitchyardError, type ToolCallPart, type UpstreamCall, type Usage } from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';
import type { GoogleGenerateContentResponse } from './google-wire-types.js';
import { mapGoogleError } from './map-google-error.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';
import { readGooglePart } from './map-google-parts.js';
import { googleResponseId } from './map-google-response.js';
import { mapGoogleUsage } from './map-google-usage.js';

export interface GoogleStreamState {
  readonly provider: string;
  readonly model: string;
  started: boolean;
  responseId: string;
  /** Tool calls seen so far, per choice: the next call's index. */
  readonly calls: Map<number, number>;
  readonly finished: Set<number>;
  /** The latest cumulative usage, emitted once when the stream ends. */
  usage: Usage | undefined;
}

export function createGoogleStreamState(call: UpstreamCall<GoogleOptions>): GoogleStreamState {
  return {
    provider: call.provider,
    model: call.model,
    started: false,
    responseId: '',
    calls: new Map(),
    finished: new Set(),
    usage: undefined,
  };
}

function errorPart(state: GoogleStreamState, message: string, status: number | undefined, body: unknown): StreamPart {
  const code = status === undefined ? 'SY_ERR_UPSTREAM_PROTOCOL' : 'SY_ERR_UPSTREAM';
  const error = new SwitchyardError(code, `Provider "${state.provider}" failed mid-stream: ${message}`, {
    provider: state.provider,
    upstreamStatus: status,
    upstreamBody: body,
  });
  return { type: 'error', error };
}

function finish(state: GoogleStreamState, out: StreamPart[], choice: number, reason: string | undefined): void {
  if (state.finished.has(choice)) return;
  state.finished.add(choice);
  out.push({ type: 'finish', choice, reason: mapGoogleFinishReason(reason, (state.calls.get(choice) ?? 0) > 0) });
}

export function fromGoogleStreamEvent(event: SseEvent, state: GoogleStreamState): StreamPart[] {
  if (!event.data) return [];
  let chunk: GoogleGenerateContentResponse;
  try {
    chunk = JSON.parse(event.data) as GoogleGenerateContentResponse;
  } catch {
    return [errorPart(state, 'an event is not JSON', undefined, event.data)];
  }
  if (chunk.error) {
    const status = typeof chunk.error.code === 'number' ? chunk.error.code : 500;
    return [errorPart(state, mapGoogleError(status, chunk).message, status, chunk)];
  }

  const out: StreamPart[] = [];
  if (!state.started) {
    state.started = true;
    state.responseId = chunk.responseId ?? '';
    out.push({
      type: 'start',
      id: googleResponseId(chunk.responseId),
      model: chunk.modelVersion || state.model,
      created: Math.floor(Date.now() / 1000),
    });
  }

  const candidates = chunk.candidates ?? [];
  candidates.forEach((candidate, position) => {
    const choice = candidate.index ?? position;
    for (const part of candidate.content?.parts ?? []) {
      const index = state.calls.get(choice) ?? 0;
      const meaning = readGooglePart(part, state.responseId, choice, index);
      if (meaning.kind === 'text') out.push({ type: 'text', choice, delta: meaning.text });
      else if (meaning.kind === 'reasoning') out.push({ type: 'reasoning', choice, delta: meaning.text });
      else if (meaning.kind === 'call') {
        state.calls.set(choice, index + 1);
        const { id, name, arguments: args, extra } = meaning.call;
        const toolPart: ToolCallPart = { type: 'tool-call', choice, index, id, name, arguments: args };
        if (extra) toolPart.extra = { ...extra };
        out.push(toolPart);
      }
    }
    if (candidate.finishReason) finish(state, out, choice, candidate.finishReason);
  });
  if (candidates.length === 0 && chunk.promptFeedback?.blockReason) finish(state, out, 0, 'SAFETY');

  const usage = mapGoogleUsage(chunk.usageMetadata);
  if (usage) state.usage = usage;
  return out;
}

export function endGoogleStream(state: GoogleStreamState): StreamPart[] {
  return state.usage ? [{ type: 'usage', usage: state.usage }] : [];
}
