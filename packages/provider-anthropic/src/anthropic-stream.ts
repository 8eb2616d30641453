/**
 * @module Anthropic SSE events -> stream parts. Synchronous and allocation-light: it runs per event.
 *
 * message_start -> `start` (and input usage); content_block_start/delta -> `text`, `reasoning`,
 * `tool-call`; message_delta -> `finish` (and output usage); message_stop -> `usage`;
 * `error` -> `error`; ping and unknown events -> nothing.
 */
import { type ReasoningPart, type SseEvent, type StreamPart, SwitchyardError, type UpstreamCall } from '@switchyard/core';
import { toCanonicalUsage } from './anthropic-usage.js';
import type { AnthropicUsage } from './anthropic-wire-types.js';
import { JSON_TOOL_NAME } from './build-anthropic-request.js';
import { anthropicErrorToSwitchyard } from './map-anthropic-error.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/**
 * A reasoning part carrying Anthropic thinking metadata that has no canonical field: the block
 * `signature` (from `signature_delta`) or a `redacted_thinking` block's `data`. Its `delta` is ''.
 * Hosts that speak Anthropic (the server's /v1/messages) replay these so thinking survives a
 * multi-turn conversation; other encoders ignore them.
 */
export interface AnthropicReasoningPart extends ReasoningPart {
  extra?: { signature?: string; redacted_thinking?: string };
}

type BlockKind = 'text' | 'thinking' | 'tool' | 'json' | 'other';

interface Block {
  kind: BlockKind;
  toolIndex: number;
  sentArguments: boolean;
}

export interface AnthropicStreamState {
  provider: string;
  model: string;
  blocks: Map<number, Block>;
  nextToolIndex: number;
  usage: AnthropicUsage;
  started: boolean;
  finished: boolean;
  /** After an `error` event nothing more is reported. */
  failed: boolean;
  usageSent: boolean;
  jsonAnswer: boolean;
}

export function createAnthropicStreamState(call: UpstreamCall): AnthropicStreamState {
  return {
    provider: call.provider,
    model: call.model,
    blocks: new Map(),
    nextToolIndex: 0,
    usage: {},
    started: false,
    finished: false,
    failed: false,
    usageSent: false,
    jsonAnswer: false,
  };
}

const NONE: StreamPart[] = [];

function mergeUsage(state: AnthropicStreamState, u: AnthropicUsage | undefined): void {
  if (!u) return;
  // message_delta usage is cumulative; null means "not reported here", not zero.
  for (const [k, v] of Object.entries(u)) if (v != null) state.usage[k] = v;
}

function protocolError(state: AnthropicStreamState, detail: string): StreamPart[] {
  state.failed = true;
  const error = new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${state.provider}" sent an invalid stream event: ${detail}`, {
    provider: state.provider,
  });
  return [{ type: 'error', error }];
}

function blockStart(state: AnthropicStreamState, index: number, cb: Record<string, unknown>): StreamPart[] {
  switch (cb.type) {
    case 'text': {
      state.blocks.set(index, { kind: 'text', toolIndex: -1, sentArguments: false });
      return typeof cb.text === 'string' && cb.text ? [{ type: 'text', choice: 0, delta: cb.text }] : NONE;
    }
    case 'thinking': {
      state.blocks.set(index, { kind: 'thinking', toolIndex: -1, sentArguments: false });
      return typeof cb.thinking === 'string' && cb.thinking ? [{ type: 'reasoning', choice: 0, delta: cb.thinking }] : NONE;
    }
    case 'redacted_thinking': {
      state.blocks.set(index, { kind: 'other', toolIndex: -1, sentArguments: false });
      const part: AnthropicReasoningPart = { type: 'reasoning', choice: 0, delta: '', extra: { redacted_thinking: String(cb.data ?? '') } };
      return [part];
    }
    case 'tool_use': {
      const hasInput = cb.input && typeof cb.input === 'object' && Object.keys(cb.input).length > 0;
      if (cb.name === JSON_TOOL_NAME) {
        state.jsonAnswer = true;
        state.blocks.set(index, { kind: 'json', toolIndex: -1, sentArguments: Boolean(hasInput) });
        return hasInput ? [{ type: 'text', choice: 0, delta: JSON.stringify(cb.input) }] : NONE;
      }
      const toolIndex = state.nextToolIndex++;
      state.blocks.set(index, { kind: 'tool', toolIndex, sentArguments: Boolean(hasInput) });
      return [
        {
          type: 'tool-call',
          choice: 0,
          index: toolIndex,
          id: String(cb.id ?? ''),
          name: String(cb.name ?? ''),
          arguments: hasInput ? JSON.stringify(cb.input) : '',
        },
      ];
    }
    default:
      // Server-tool blocks and future block types have no canonical form.
      state.blocks.set(index, { kind: 'other', toolIndex: -1, sentArguments: false });
      return NONE;
  }
}

function blockDelta(state: AnthropicStreamState, index: number, delta: Record<string, unknown>): StreamPart[] {
  const block = state.blocks.get(index);
  switch (delta.type) {
    case 'text_delta':
      return typeof delta.text === 'string' && delta.text ? [{ type: 'text', choice: 0, delta: delta.text }] : NONE;
    case 'thinking_delta':
      return typeof delta.thinking === 'string' && delta.thinking ? [{ type: 'reasoning', choice: 0, delta: delta.thinking }] : NONE;
    case 'signature_delta': {
      if (typeof delta.signature !== 'string') return NONE;
      const part: AnthropicReasoningPart = { type: 'reasoning', choice: 0, delta: '', extra: { signature: delta.signature } };
      return [part];
    }
    case 'input_json_delta': {
      const piece = typeof delta.partial_json === 'string' ? delta.partial_json : '';
      // The first input_json_delta is usually ''; it carries nothing, so it is not forwarded.
      if (!block || piece === '') return NONE;
      block.sentArguments = true;
      if (block.kind === 'json') return [{ type: 'text', choice: 0, delta: piece }];
      if (block.kind !== 'tool') return NONE;
      return [{ type: 'tool-call', choice: 0, index: block.toolIndex, arguments: piece }];
    }
    default:
      // citations_delta and future delta types.
      return NONE;
  }
}

function blockStop(state: AnthropicStreamState, index: number): StreamPart[] {
  const block = state.blocks.get(index);
  // A tool called with no arguments streams no JSON at all; OpenAI clients JSON.parse the
  // arguments, so an empty object is sent instead of ''.
  if (block && !block.sentArguments) {
    block.sentArguments = true;
    if (block.kind === 'tool') return [{ type: 'tool-call', choice: 0, index: block.toolIndex, arguments: '{}' }];
    if (block.kind === 'json') return [{ type: 'text', choice: 0, delta: '{}' }];
  }
  return NONE;
}

function usagePart(state: AnthropicStreamState): StreamPart[] {
  if (state.usageSent || !state.started || state.failed) return NONE;
  state.usageSent = true;
  return [{ type: 'usage', usage: toCanonicalUsage(state.usage) }];
}

export function fromAnthropicStreamEvent(event: SseEvent, state: AnthropicStreamState): StreamPart[] {
  if (event.event === 'ping' || state.failed) return NONE;
  let data: Record<string, any>;
  try {
    data = JSON.parse(event.data);
  } catch {
    return protocolError(state, `data is not JSON (${event.event ?? 'message'})`);
  }
  // The SSE event name and the JSON `type` always match on this API; the JSON is authoritative.
  switch (data?.type ?? event.event) {
    case 'message_start': {
      const m = data.message ?? {};
      state.started = true;
      mergeUsage(state, m.usage);
      return [{ type: 'start', id: String(m.id ?? ''), model: String(m.model || state.model), created: Math.floor(Date.now() / 1000) }];
    }
    case 'content_block_start':
      return blockStart(state, data.index, data.content_block ?? {});
    case 'content_block_delta':
      return blockDelta(state, data.index, data.delta ?? {});
    case 'content_block_stop':
      return blockStop(state, data.index);
    case 'message_delta': {
      mergeUsage(state, data.usage);
      const reason = data.delta?.stop_reason;
      if (reason == null || state.finished) return NONE;
      state.finished = true;
      const finish = state.jsonAnswer && reason === 'tool_use' ? 'stop' : mapAnthropicStopReason(reason);
      return [{ type: 'finish', choice: 0, reason: finish }];
    }
    case 'message_stop':
      return usagePart(state);
    case 'error':
      state.failed = true;
      return [{ type: 'error', error: anthropicErrorToSwitchyard(state.provider, data) }];
    default:
      return NONE;
  }
}

/** A stream cut before `message_stop` still reports the usage it saw. */
export function endAnthropicStream(state: AnthropicStreamState): StreamPart[] {
  return usagePart(state);
}
