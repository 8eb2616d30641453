/**
 * @module One SSE event of a Responses API stream -> stream parts: `response.created` -> start,
 * text and refusal deltas -> text, reasoning summary/text deltas -> reasoning, function calls ->
 * tool-call parts (keyed by the upstream item), `response.completed`/`.incomplete` -> finish + usage,
 * `response.failed` and `error` -> an error part. Whole upstream items (reasoning with encrypted
 * content, message ids and phases, built-in tool calls) ride on zero-length reasoning parts.
 */
import { type SseEvent, type StreamPart, SwitchyardError, streamError, streamProtocolError } from '@switchyard/core';
import { failedResponseError, responsesFinishReason, responsesUsage } from './responses-response.js';
import { RESPONSES_ITEM, RESPONSES_ITEM_ID, type ResponsesBody, type ResponsesItem } from './responses-wire-types.js';

export class ResponsesStreamState {
  started = false;
  /** Set after the terminal event or an error: later events are ignored. */
  ended = false;
  calledFunctions = false;
  nextTool = 0;
  /** Upstream function-call item (by id, else output index) -> canonical tool index. */
  readonly tools = new Map<string, number>();
  /** Tool indexes that received argument deltas (some servers send arguments only when done). */
  readonly streamedArgs = new Set<number>();

  constructor(
    readonly provider: string,
    readonly model: string,
    readonly secrets: readonly string[],
  ) {}
}

type Event = Record<string, any>;

const itemPart = (item: ResponsesItem): StreamPart => ({ type: 'reasoning', choice: 0, delta: '', extra: { [RESPONSES_ITEM]: item } });

function toolKey(e: Event): string {
  return typeof e.item_id === 'string' ? e.item_id : `#${e.output_index}`;
}

function itemAdded(e: Event, state: ResponsesStreamState): StreamPart[] {
  const item = e.item as ResponsesItem | undefined;
  if (!item || typeof item !== 'object') return [];
  if (item.type === 'function_call') {
    const index = state.nextTool++;
    state.calledFunctions = true;
    state.tools.set(typeof item.id === 'string' ? item.id : `#${e.output_index}`, index);
    state.tools.set(`#${e.output_index}`, index);
    const args = typeof item.arguments === 'string' ? item.arguments : '';
    if (args) state.streamedArgs.add(index);
    const part: StreamPart = {
      type: 'tool-call',
      choice: 0,
      index,
      id: String(item.call_id ?? ''),
      name: String(item.name ?? ''),
      arguments: args,
    };
    if (typeof item.id === 'string') part.extra = { [RESPONSES_ITEM_ID]: item.id };
    return [part];
  }
  // Message and reasoning items open here (their ids, a message's phase); other items are sent whole when done.
  return item.type === 'message' || item.type === 'reasoning' ? [itemPart(item)] : [];
}

function itemDone(e: Event, state: ResponsesStreamState): StreamPart[] {
  const item = e.item as ResponsesItem | undefined;
  if (!item || typeof item !== 'object') return [];
  if (item.type !== 'function_call') return [itemPart(item)];
  const index = state.tools.get(typeof item.id === 'string' ? item.id : `#${e.output_index}`);
  if (index === undefined || state.streamedArgs.has(index) || typeof item.arguments !== 'string' || !item.arguments) return [];
  state.streamedArgs.add(index);
  return [{ type: 'tool-call', choice: 0, index, arguments: item.arguments }];
}

function finished(response: ResponsesBody | undefined, state: ResponsesStreamState): StreamPart[] {
  state.ended = true;
  const parts: StreamPart[] = [
    {
      type: 'finish',
      choice: 0,
      reason: responsesFinishReason(response?.status, response?.incomplete_details?.reason, state.calledFunctions),
    },
  ];
  const usage = responsesUsage(response?.usage);
  if (usage) parts.push({ type: 'usage', usage });
  return parts;
}

function translate(e: Event, state: ResponsesStreamState): StreamPart[] {
  switch (e.type) {
    case 'response.created': {
      if (state.started) return [];
      state.started = true;
      const r = (e.response ?? {}) as ResponsesBody;
      return [{ type: 'start', id: String(r.id ?? ''), model: String(r.model || state.model), created: Number(r.created_at) || 0 }];
    }
    case 'response.output_item.added':
      return itemAdded(e, state);
    case 'response.output_item.done':
      return itemDone(e, state);
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      return typeof e.delta === 'string' && e.delta ? [{ type: 'text', choice: 0, delta: e.delta }] : [];
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      return typeof e.delta === 'string' && e.delta ? [{ type: 'reasoning', choice: 0, delta: e.delta }] : [];
    case 'response.reasoning_summary_part.added':
      // Summaries join with a blank line, as in a whole response.
      return typeof e.summary_index === 'number' && e.summary_index > 0 ? [{ type: 'reasoning', choice: 0, delta: '\n\n' }] : [];
    case 'response.function_call_arguments.delta': {
      const index = state.tools.get(toolKey(e)) ?? state.tools.get(`#${e.output_index}`);
      if (index === undefined || typeof e.delta !== 'string' || !e.delta) return [];
      state.streamedArgs.add(index);
      return [{ type: 'tool-call', choice: 0, index, arguments: e.delta }];
    }
    case 'response.completed':
    case 'response.incomplete':
      return finished(e.response as ResponsesBody | undefined, state);
    case 'response.failed':
      state.ended = true;
      return [{ type: 'error', error: failedResponseError(state.provider, (e.response ?? {}) as ResponsesBody, state.secrets) }];
    case 'error': {
      state.ended = true;
      // The API nests the error (`{"type":"error","error":{...}}`); the SDK types it flat.
      const error = e.error && typeof e.error === 'object' ? e.error : { message: e.message, code: e.code };
      return [{ type: 'error', error: streamError(state.provider, { error }, state.secrets) }];
    }
    default:
      return [];
  }
}

/** The Responses-mode `fromStreamEvent`. */
export function translateResponsesEvent(evt: SseEvent, state: ResponsesStreamState): StreamPart[] {
  if (state.ended || evt.data === '' || evt.data === '[DONE]') return [];
  let payload: unknown;
  try {
    payload = JSON.parse(evt.data);
  } catch (e) {
    state.ended = true;
    return [{ type: 'error', error: streamProtocolError(state.provider, evt.data, e) }];
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    state.ended = true;
    return [{ type: 'error', error: streamProtocolError(state.provider, evt.data) }];
  }
  const e = payload as Event;
  // Older gateways and proxies send the event name only on the `event:` line.
  if (typeof e.type !== 'string' && evt.event) e.type = evt.event;
  return translate(e, state);
}

/** A stream that stopped before its terminal event lost the rest of the response. */
export function endResponsesStream(state: ResponsesStreamState): StreamPart[] {
  if (state.ended) return [];
  state.ended = true;
  return [
    {
      type: 'error',
      error: new SwitchyardError(
        'SY_ERR_UPSTREAM_PROTOCOL',
        `Provider "${state.provider}" ended the stream before the response completed`,
        {
          provider: state.provider,
          retryable: true,
        },
      ),
    },
  ];
}

/** Whether an upstream stream event is a Responses event (they are named `response.*`, or typed so in the data). */
export function isResponsesEvent(evt: SseEvent): boolean {
  if (evt.event !== undefined && evt.event !== 'message') return evt.event.startsWith('response.');
  return /^\s*\{[^{]*"type"\s*:\s*"response\./.test(evt.data);
}
