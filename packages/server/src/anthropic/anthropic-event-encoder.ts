/**
 * @module Stream parts -> the exact Anthropic SSE event sequence: message_start, ping,
 * content_block_start / content_block_delta (text_delta, input_json_delta, thinking_delta,
 * signature_delta) / content_block_stop, message_delta (stop_reason, usage), message_stop; or an
 * `error` event. Stateful per stream; returns ready-to-write `event: X\ndata: {...}\n\n` text.
 *
 * The official SDK dispatches on the SSE `event:` name (not the JSON `type`) and indexes content by
 * the block `index`, so every event is named and indexes count up from 0 without gaps.
 */
import { randomUUID } from 'node:crypto';
import type { StreamPart, Usage } from '@switchyard/core';
import { toAnthropicError } from './anthropic-errors.js';
import { toAnthropicUsage } from './anthropic-usage.js';
import { toAnthropicMessageId } from './canonical-to-anthropic-message.js';
import { type AnthropicStopReason, toAnthropicStopReason } from './stop-reason.js';

export interface AnthropicEventEncoderOptions {
  /** The `model` reported to the client (the model it asked for). */
  model: string;
  /** Message id when no `start` part supplies one. */
  id?: string;
  /**
   * `message_start.usage.input_tokens`. Canonical streams report usage only at the end, so this is
   * an estimate (e.g. `countTokensEstimate`); the true counts follow in `message_delta.usage`.
   */
  inputTokens?: number;
  /** Request id echoed in an `error` event. */
  requestId?: string;
}

/** Thinking metadata the Anthropic provider attaches to zero-length reasoning parts. */
interface ReasoningExtra {
  signature?: string;
  redacted_thinking?: string;
}

type OpenBlock = { kind: 'text' | 'thinking' | 'tool'; index: number };

export interface AnthropicEventEncoder {
  /** The SSE text for one part; '' when the part produces no event. */
  encode(part: StreamPart): string;
  /** Closes the message (open block, message_delta, message_stop); '' once ended. */
  end(): string;
  readonly ended: boolean;
}

function sse(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Some upstreams stream tool calls without ids; Anthropic clients need one to answer with a tool_result. */
function mintToolId(): string {
  return `toolu_${randomUUID().replace(/-/g, '')}`;
}

/**
 * @example
 * const enc = createAnthropicEventEncoder({ model: body.model });
 * for await (const batch of stream) for (const part of batch) await writeSse(res, enc.encode(part));
 * await writeSse(res, enc.end());
 */
export function createAnthropicEventEncoder(options: AnthropicEventEncoderOptions): AnthropicEventEncoder {
  let id = options.id;
  let started = false;
  let ended = false;
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let stopReason: AnthropicStopReason | undefined;
  let usage: Usage | undefined;
  const toolBlocks = new Map<number, number>();

  const start = (): string => {
    if (started) return '';
    started = true;
    const message = {
      id: toAnthropicMessageId(id),
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: options.inputTokens ?? 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
    };
    return sse('message_start', { type: 'message_start', message }) + sse('ping', { type: 'ping' });
  };

  const close = (): string => {
    if (!open) return '';
    const out = sse('content_block_stop', { type: 'content_block_stop', index: open.index });
    open = undefined;
    return out;
  };

  const openBlock = (kind: OpenBlock['kind'], contentBlock: unknown): string => {
    const out = close();
    open = { kind, index: nextIndex++ };
    return `${out}${sse('content_block_start', { type: 'content_block_start', index: open.index, content_block: contentBlock })}`;
  };

  const delta = (index: number, d: unknown): string => sse('content_block_delta', { type: 'content_block_delta', index, delta: d });

  const reasoning = (part: Extract<StreamPart, { type: 'reasoning' }>): string => {
    const extra = (part as { extra?: ReasoningExtra }).extra;
    let out = '';
    if (extra?.redacted_thinking !== undefined) {
      out += openBlock('thinking', { type: 'redacted_thinking', data: extra.redacted_thinking });
      return out + close();
    }
    if (part.delta) {
      if (open?.kind !== 'thinking') out += openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
      out += delta(open!.index, { type: 'thinking_delta', thinking: part.delta });
    }
    if (extra?.signature !== undefined) {
      if (open?.kind !== 'thinking') out += openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
      // The signature comes just before the block's content_block_stop.
      out += delta(open!.index, { type: 'signature_delta', signature: extra.signature }) + close();
    }
    return out;
  };

  const toolCall = (part: Extract<StreamPart, { type: 'tool-call' }>): string => {
    let out = '';
    let index = toolBlocks.get(part.index);
    // Deltas for a call whose block was already closed still name its index: the SDK accumulates by index.
    if (index === undefined) {
      out += openBlock('tool', { type: 'tool_use', id: part.id || mintToolId(), name: part.name ?? '', input: {} });
      index = open!.index;
      toolBlocks.set(part.index, index);
    }
    if (part.arguments) out += delta(index, { type: 'input_json_delta', partial_json: part.arguments });
    return out;
  };

  return {
    get ended() {
      return ended;
    },
    encode(part) {
      if (ended) return '';
      if (part.type === 'start') {
        if (!started && part.id) id = part.id;
        return start();
      }
      if (part.type === 'usage') {
        usage = part.usage;
        return '';
      }
      if (part.type === 'error') {
        ended = true;
        const { body } = toAnthropicError(part.error, options.requestId);
        return sse('error', body);
      }
      // Raw OpenAI chunks only exist on the OpenAI pass-through path, never on this endpoint.
      if (part.type === 'raw') return '';
      // Anthropic has one choice per message.
      if (part.choice !== 0) return '';
      let out = start();
      switch (part.type) {
        case 'text':
          if (!part.delta) return out;
          if (open?.kind !== 'text') out += openBlock('text', { type: 'text', text: '' });
          return out + delta(open!.index, { type: 'text_delta', text: part.delta });
        case 'reasoning':
          return out + reasoning(part);
        case 'tool-call':
          return out + toolCall(part);
        case 'finish':
          stopReason = toAnthropicStopReason(part.reason);
          return out + close();
      }
    },
    end() {
      if (ended) return '';
      ended = true;
      const u = toAnthropicUsage(usage);
      return (
        start() +
        close() +
        sse('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: stopReason ?? 'end_turn', stop_sequence: null },
          usage: {
            input_tokens: usage ? u.input_tokens : (options.inputTokens ?? 0),
            cache_creation_input_tokens: u.cache_creation_input_tokens,
            cache_read_input_tokens: u.cache_read_input_tokens,
            output_tokens: u.output_tokens,
          },
        }) +
        sse('message_stop', { type: 'message_stop' })
      );
    },
  };
}
