/**
 * @module Stream parts -> the Responses API's typed SSE events: `response.created`,
 * `response.in_progress`, per output item `response.output_item.added` / `.done` around its content
 * events (`response.content_part.added` / `response.output_text.delta` / `.done` /
 * `response.content_part.done`; `response.reasoning_summary_part.added` /
 * `response.reasoning_summary_text.delta` / `.done` / `response.reasoning_summary_part.done`;
 * `response.function_call_arguments.delta` / `.done`), then `response.completed` or
 * `response.incomplete`, or `error` and `response.failed`. `sequence_number` counts every event from 0. Stateful
 * per stream; returns ready-to-write `event: X\ndata: {...}\n\n` text. The official SDK accumulates
 * the snapshot by `output_index` and `content_index`, so both count up without gaps.
 */
import type { AssistantMessage, FinishReason, StreamPart, SwitchyardError, ToolCall, Usage } from '@switchyard/core';
import { finalResponse, type Json, mintId, toResponsesUsage } from './response-object.js';

/** Keys the OpenAI Responses upstream mode puts in part extras (see @switchyard/provider-openai). */
const ITEM = 'responses_item';
const ITEM_ID = 'responses_item_id';

interface OpenItem {
  kind: 'message' | 'reasoning';
  index: number;
  item: Json;
  text: string;
  partOpen: boolean;
}

interface CallSlot {
  index: number;
  item: Json;
  args: string;
  closed: boolean;
  call: ToolCall;
}

export interface ResponseEventEncoderOptions {
  /** The response as `response.created` shows it (see `responseSkeleton`). */
  skeleton: Json;
  /** Take the response id from the `start` part: a Responses-native upstream's own id. */
  upstreamId: boolean;
}

function textOf(item: Json): string {
  let out = '';
  for (const p of (item.content as Json[] | undefined) ?? []) if (p?.type === 'output_text' && typeof p.text === 'string') out += p.text;
  return out;
}

export class ResponseEventEncoder {
  private seq = 0;
  private started = false;
  private ended_ = false;
  private readonly skeleton: Json;
  private readonly output: Json[] = [];
  private open: OpenItem | undefined;
  private readonly calls = new Map<number, CallSlot>();
  private reason: FinishReason | undefined;
  private usage: Usage | undefined;
  private text = '';
  private reasoningText = '';
  private thinkingSince = '';
  private readonly thinkingBlocks: Json[] = [];

  constructor(private readonly options: ResponseEventEncoderOptions) {
    this.skeleton = { ...options.skeleton };
  }

  /** True once the stream failed or was closed: nothing more is sent. */
  get ended(): boolean {
    return this.ended_;
  }

  private ev(type: string, data: Json): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.seq++, ...data })}\n\n`;
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    if (!this.skeleton.id) this.skeleton.id = mintId('resp');
    return this.ev('response.created', { response: this.skeleton }) + this.ev('response.in_progress', { response: this.skeleton });
  }

  /** The SSE text for one part; '' when the part produces no event. */
  encode(part: StreamPart): string {
    if (this.ended_) return '';
    switch (part.type) {
      case 'start':
        if (!this.started) {
          if (this.options.upstreamId && part.id) this.skeleton.id = part.id;
          if (part.model) this.skeleton.model = part.model;
        }
        return this.start();
      case 'usage':
        this.usage = part.usage;
        return '';
      case 'error':
        return this.fail(part.error);
      case 'raw':
        return '';
    }
    // A response has one output list; other choices have no place in it.
    if (part.choice !== 0) return '';
    const out = this.start();
    switch (part.type) {
      case 'text':
        return out + this.textDelta(part.delta);
      case 'reasoning':
        return out + this.reasoning(part);
      case 'tool-call':
        return out + this.toolCall(part);
      case 'finish':
        this.reason = part.reason;
        return out + this.closeAll();
    }
  }

  private openItem(kind: OpenItem['kind'], item: Json): string {
    const out = this.closeAll();
    this.open = { kind, index: this.output.length, item, text: '', partOpen: false };
    this.output.push(item);
    return out + this.ev('response.output_item.added', { output_index: this.open.index, item });
  }

  private openMessage(native?: Json): string {
    const item: Json = { id: native?.id ?? mintId('msg'), type: 'message', status: 'in_progress', content: [], role: 'assistant' };
    if (native?.phase) item.phase = native.phase;
    return this.openItem('message', item);
  }

  private textDelta(delta: string): string {
    if (!delta) return '';
    let out = this.open?.kind === 'message' ? '' : this.openMessage();
    const o = this.open as OpenItem;
    if (!o.partOpen) {
      o.partOpen = true;
      const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      out += this.ev('response.content_part.added', { item_id: o.item.id, output_index: o.index, content_index: 0, part });
    }
    o.text += delta;
    this.text += delta;
    return (
      out + this.ev('response.output_text.delta', { item_id: o.item.id, output_index: o.index, content_index: 0, delta, logprobs: [] })
    );
  }

  private reasoning(part: Extract<StreamPart, { type: 'reasoning' }>): string {
    const extra = part.extra;
    const native = extra?.[ITEM] as Json | undefined;
    if (native) return this.nativeItem(native);
    if (typeof extra?.signature === 'string') {
      this.thinkingBlocks.push({ type: 'thinking', thinking: this.thinkingSince, signature: extra.signature });
      this.thinkingSince = '';
    }
    if (typeof extra?.redacted_thinking === 'string')
      this.thinkingBlocks.push({ type: 'redacted_thinking', data: extra.redacted_thinking });
    if (!part.delta) return '';
    let out = this.open?.kind === 'reasoning' ? '' : this.openItem('reasoning', { id: mintId('rs'), type: 'reasoning', summary: [] });
    const o = this.open as OpenItem;
    if (!o.partOpen) {
      o.partOpen = true;
      const summary = { type: 'summary_text', text: '' };
      out += this.ev('response.reasoning_summary_part.added', {
        item_id: o.item.id,
        output_index: o.index,
        summary_index: 0,
        part: summary,
      });
    }
    o.text += part.delta;
    this.reasoningText += part.delta;
    this.thinkingSince += part.delta;
    return (
      out +
      this.ev('response.reasoning_summary_text.delta', { item_id: o.item.id, output_index: o.index, summary_index: 0, delta: part.delta })
    );
  }

  /** An upstream item from a Responses-native upstream: opens or closes its counterpart, or is sent whole. */
  private nativeItem(item: Json): string {
    const open = this.open;
    if (item.type === 'message' || item.type === 'reasoning') {
      if (open && open.kind === item.type && open.item.id === item.id) return this.closeOpen(item);
      if (item.type === 'message') return this.openMessage(item);
      return this.openItem('reasoning', { ...item, summary: [] });
    }
    let out = this.closeAll();
    const index = this.output.length;
    this.output.push(item);
    out += this.ev('response.output_item.added', {
      output_index: index,
      item: 'status' in item ? { ...item, status: 'in_progress' } : item,
    });
    return out + this.ev('response.output_item.done', { output_index: index, item });
  }

  private toolCall(part: Extract<StreamPart, { type: 'tool-call' }>): string {
    let out = '';
    let slot = this.calls.get(part.index);
    const { [ITEM_ID]: itemId, ...extra } = part.extra ?? {};
    if (!slot) {
      out += this.closeAll();
      const item: Json = {
        id: typeof itemId === 'string' ? itemId : mintId('fc'),
        type: 'function_call',
        status: 'in_progress',
        arguments: '',
        call_id: part.id || mintId('call'),
        name: part.name ?? '',
      };
      const call: ToolCall = { id: item.call_id, type: 'function', function: { name: item.name, arguments: '' } };
      slot = { index: this.output.length, item, args: '', closed: false, call };
      this.output.push(item);
      this.calls.set(part.index, slot);
      out += this.ev('response.output_item.added', { output_index: slot.index, item });
    }
    // Provider data that must survive a round trip (Gemini thought signatures) stays on the stored call.
    Object.assign(slot.call, extra);
    if (part.arguments) {
      slot.args += part.arguments;
      slot.call.function.arguments += part.arguments;
      out += this.ev('response.function_call_arguments.delta', { item_id: slot.item.id, output_index: slot.index, delta: part.arguments });
    }
    return out;
  }

  /** Closes the open message or reasoning item; `native` is the upstream's finished item, when known. */
  private closeOpen(native?: Json): string {
    const o = this.open;
    if (!o) return '';
    this.open = undefined;
    return o.kind === 'message' ? this.closeMessage(o, native) : this.closeReasoning(o, native);
  }

  private closeMessage(o: OpenItem, native: Json | undefined): string {
    let out = '';
    const at = { item_id: o.item.id, output_index: o.index, content_index: 0 };
    if (!o.partOpen)
      out += this.ev('response.content_part.added', { ...at, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
    // The upstream's citations hold only while the text is what the upstream wrote.
    const nativeParts = (native?.content as Json[] | undefined) ?? [];
    const annotations =
      nativeParts.length === 1 && textOf(native as Json) === o.text ? ((nativeParts[0]?.annotations as Json[]) ?? []) : [];
    annotations.forEach((annotation, annotation_index) => {
      out += this.ev('response.output_text.annotation.added', { ...at, annotation_index, annotation });
    });
    const part = { type: 'output_text', annotations, logprobs: [], text: o.text };
    out += this.ev('response.output_text.done', { ...at, text: o.text, logprobs: [] });
    out += this.ev('response.content_part.done', { ...at, part });
    const item = { ...o.item, status: this.reason === 'length' ? 'incomplete' : 'completed', content: [part] };
    this.output[o.index] = item;
    return out + this.ev('response.output_item.done', { output_index: o.index, item });
  }

  private closeReasoning(o: OpenItem, native: Json | undefined): string {
    let out = '';
    if (o.partOpen) {
      const at = { item_id: o.item.id, output_index: o.index, summary_index: 0 };
      out += this.ev('response.reasoning_summary_text.done', { ...at, text: o.text });
      out += this.ev('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text: o.text } });
    }
    const item = native ? { ...native } : { ...o.item, summary: o.text ? [{ type: 'summary_text', text: o.text }] : [] };
    this.output[o.index] = item;
    return out + this.ev('response.output_item.done', { output_index: o.index, item });
  }

  private closeCall(slot: CallSlot): string {
    slot.closed = true;
    const at = { item_id: slot.item.id, output_index: slot.index };
    let out = this.ev('response.function_call_arguments.done', { ...at, name: slot.item.name, arguments: slot.args });
    const item = { ...slot.item, status: 'completed', arguments: slot.args };
    this.output[slot.index] = item;
    out += this.ev('response.output_item.done', { output_index: slot.index, item });
    return out;
  }

  private closeAll(): string {
    let out = this.closeOpen();
    for (const slot of this.calls.values()) if (!slot.closed) out += this.closeCall(slot);
    return out;
  }

  /** Closes every item and builds the terminal response; `terminal()` sends it (after the host stored it). */
  close(): { events: string; response: Json } {
    const events = this.start() + this.closeAll();
    this.ended_ = true;
    // Late argument pieces of a closed call still count (the SDK accumulates them by output_index).
    for (const slot of this.calls.values()) this.output[slot.index] = { ...this.output[slot.index], arguments: slot.args };
    return { events, response: finalResponse(this.skeleton, this.output, this.reason, this.usage) };
  }

  /** `response.completed`, or `response.incomplete` for a response cut at its token limit or filtered. */
  terminal(response: Json): string {
    return this.ev(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  }

  /**
   * An `error` event, then `response.failed`; ends the stream. The API nests the error in the `error`
   * event while the SDK's types have it flat: both are sent, and the nested one makes the SDK raise.
   */
  fail(error: SwitchyardError): string {
    if (this.ended_) return '';
    let out = this.start();
    this.ended_ = true;
    const e = { type: error.type, code: error.apiCode, message: error.message, param: error.param };
    out += this.ev('error', { code: e.code, message: e.message, param: e.param, error: e });
    const response = {
      ...this.skeleton,
      status: 'failed',
      error: { code: error.apiCode, message: error.message },
      output: this.output,
      usage: toResponsesUsage(this.usage),
    };
    return out + this.ev('response.failed', { response });
  }

  /** The assistant turn in canonical form, as the gateway stores it for `previous_response_id`. */
  message(): AssistantMessage {
    const calls = [...this.calls.values()].map((s) => s.call);
    const m: AssistantMessage = { role: 'assistant', content: this.text || (calls.length ? null : '') };
    if (calls.length) m.tool_calls = calls;
    if (this.reasoningText) m.reasoning_content = this.reasoningText;
    if (this.thinkingBlocks.length) m.thinking_blocks = this.thinkingBlocks;
    return m;
  }
}
