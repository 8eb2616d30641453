/**
 * @module Responses `input` items -> canonical messages. A run of assistant-side items (assistant
 * messages, reasoning, function calls, built-in tool calls) becomes one assistant message; each
 * `function_call_output` a tool message. The original items ride along (`responses_items`,
 * `responses_before/after`, `responses_part`) so a Responses-native upstream receives them as sent;
 * what has no canonical form is listed in `native` so only such upstreams are chosen.
 */
import { type ChatMessage, type ContentPart, SwitchyardError, type ToolCall } from '@switchyard/core';
import type { InputContent, InputItem } from './responses-request-schema.js';

type Item = Record<string, any>;
type Msg = Record<string, unknown>;

export interface TranslatedInput {
  messages: ChatMessage[];
  /** Why the request needs a Responses-native upstream, with the param at fault ([] when it does not). */
  native: { reason: string; param: string }[];
}

/** Outputs of built-in tools: the client answers with them, so they sit on the user side of a turn. */
const USER_SIDE = /_output$|^mcp_approval_response$/;

function unsupported(what: string, param: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_UNSUPPORTED', `${what} is not supported here`, { param });
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content as Item[]) {
    if (typeof p?.text === 'string') out += p.text;
    else if (typeof p?.refusal === 'string') out += p.refusal;
  }
  return out;
}

class Translator {
  readonly messages: ChatMessage[] = [];
  readonly native: TranslatedInput['native'] = [];
  private run: Item[] = [];
  private pending: Item[] = [];
  private images: ContentPart[] = [];

  needsNative(reason: string, param: string): void {
    this.native.push({ reason, param });
  }

  private push(m: Msg): void {
    if (this.pending.length) {
      m.responses_before = this.pending;
      this.pending = [];
    }
    this.messages.push(m as ChatMessage);
  }

  /** A Responses content part -> a canonical part; parts without a canonical form keep the original. */
  private part(p: InputContent, param: string): ContentPart {
    switch (p.type) {
      case 'input_text':
        return { type: 'text', text: p.text };
      case 'input_image': {
        if (!p.image_url) {
          this.needsNative('an input_image given by file_id', param);
          return { type: 'file', file: { file_id: String(p.file_id ?? '') }, responses_part: p } as ContentPart;
        }
        const detail = p.detail === 'low' || p.detail === 'high' || p.detail === 'auto' ? p.detail : undefined;
        const out: Record<string, unknown> = { type: 'image_url', image_url: detail ? { url: p.image_url, detail } : { url: p.image_url } };
        // `original` detail has no canonical form; other upstreams get `auto`.
        if (p.detail === 'original') out.responses_part = p;
        return out as ContentPart;
      }
      case 'input_file': {
        if (typeof p.file_data !== 'string' || !p.file_data) {
          this.needsNative('an input_file given by file_id or file_url', param);
          return { type: 'file', file: { file_id: String(p.file_id ?? '') }, responses_part: p } as ContentPart;
        }
        const file: Record<string, unknown> = { file_data: p.file_data };
        if (p.filename) file.filename = p.filename;
        return { type: 'file', file };
      }
      case 'input_audio':
        return { type: 'input_audio', input_audio: p.input_audio };
    }
  }

  private flushRun(): void {
    if (this.run.length === 0) return;
    const items = this.run;
    this.run = [];
    let text = '';
    let refusal = '';
    let reasoning = '';
    const calls: ToolCall[] = [];
    for (const it of items) {
      if (it.type === 'function_call') {
        calls.push({ id: it.call_id, type: 'function', function: { name: it.name, arguments: it.arguments } });
      } else if (it.type === 'reasoning') {
        const summary = Array.isArray(it.summary) ? it.summary.map((s: Item) => s.text).filter(Boolean) : [];
        const r = summary.length ? summary.join('\n\n') : contentText(it.content);
        if (r) reasoning += reasoning ? `\n\n${r}` : r;
      } else if (it.role === 'assistant') {
        if (Array.isArray(it.content)) {
          for (const p of it.content as Item[]) {
            if (p.type === 'refusal') refusal += p.refusal;
            else if (typeof p.text === 'string') text += p.text;
          }
        } else text += String(it.content ?? '');
      }
    }
    const m: Msg = { role: 'assistant', content: text || (calls.length || refusal ? null : '') };
    if (refusal) m.refusal = refusal;
    if (calls.length) m.tool_calls = calls;
    if (reasoning) m.reasoning_content = reasoning;
    m.responses_items = items;
    this.push(m);
  }

  private flushImages(): void {
    if (this.images.length === 0) return;
    // A canonical tool message holds text only: a tool output's images follow the run of results.
    this.push({ role: 'user', content: this.images, responses_synthetic: true });
    this.images = [];
  }

  private message(it: Item, param: string): void {
    const role = it.role as string;
    if (role === 'assistant') {
      this.flushImages();
      this.run.push(it);
      return;
    }
    this.flushRun();
    this.flushImages();
    if (typeof it.content === 'string') {
      this.push({ role, content: it.content });
      return;
    }
    const parts = (it.content as Item[]).map((p, k) => {
      if (p.type === 'output_text' || p.type === 'refusal')
        throw unsupported(`"${p.type}" content in a ${role} message`, `${param}.content[${k}]`);
      return this.part(p as InputContent, `${param}.content[${k}]`);
    });
    if (role !== 'user' && parts.some((p) => p.type !== 'text')) {
      throw unsupported(`non-text content in a ${role} message`, `${param}.content`);
    }
    this.push({ role, content: parts });
  }

  private toolOutput(it: Item, param: string): void {
    this.flushRun();
    let text: string;
    if (typeof it.output === 'string') text = it.output;
    else {
      text = '';
      (it.output as Item[]).forEach((p, k) => {
        if (p.type === 'input_text') text += p.text;
        else this.images.push(this.part(p as InputContent, `${param}.output[${k}]`));
      });
    }
    this.push({ role: 'tool', tool_call_id: it.call_id, content: text, responses_items: [it] });
  }

  add(it: Item, i: number): void {
    const param = `input[${i}]`;
    if (it.type === undefined || it.type === 'message') this.message(it, param);
    else if (it.type === 'function_call_output') this.toolOutput(it, param);
    else if (it.type === 'function_call' || it.type === 'reasoning') {
      this.flushImages();
      this.run.push(it);
    } else {
      this.needsNative(`input items of type "${it.type}"`, param);
      this.flushImages();
      if (USER_SIDE.test(it.type) || it.type === 'item_reference') {
        this.flushRun();
        this.pending.push(it);
      } else this.run.push(it);
    }
  }

  finish(): TranslatedInput {
    this.flushRun();
    this.flushImages();
    if (this.pending.length) {
      const last = this.messages.at(-1) as Msg | undefined;
      if (last) last.responses_after = this.pending;
      // Only items without a canonical form: a placeholder carries them to a native upstream.
      else this.messages.push({ role: 'user', content: '', responses_synthetic: true, responses_after: this.pending } as ChatMessage);
    }
    return { messages: this.messages, native: this.native };
  }
}

/**
 * @example
 * const { messages, native } = inputItemsToMessages(body.input);
 */
export function inputItemsToMessages(input: string | InputItem[] | undefined): TranslatedInput {
  const t = new Translator();
  if (typeof input === 'string') t.add({ role: 'user', content: input }, 0);
  else
    (input ?? []).forEach((it, i) => {
      t.add(it as Item, i);
    });
  return t.finish();
}
