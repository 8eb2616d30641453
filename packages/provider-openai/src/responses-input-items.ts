/**
 * @module Canonical messages -> Responses `input` items and `instructions`. The canonical messages
 * are the truth (plugins may have masked or rewritten them); the original items they were made from
 * (`responses_items`) are sent as-is while their text still matches, so item ids, phases, reasoning
 * items and encrypted content survive; items with no canonical form ride in `responses_before/after`.
 */
import type { ChatMessage, ContentPart, ToolCall } from '@switchyard/core';
import type { ResponsesItem, ResponsesMessageExtensions } from './responses-wire-types.js';

type Message = ChatMessage & ResponsesMessageExtensions;
type Part = Record<string, unknown>;

export interface ResponsesInput {
  input: ResponsesItem[];
  instructions: string | undefined;
}

/** The text of canonical content: a string, or the text of its parts. */
export function canonicalText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content as Part[]) {
    if (p && typeof p.text === 'string') out += p.text;
    else if (p && typeof p.refusal === 'string') out += p.refusal;
  }
  return out;
}

/** The text of a Responses message item (`output_text`/`input_text`/`refusal` parts, or a string). */
function itemText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content as Part[]) {
    if (typeof p?.text === 'string') out += p.text;
    else if (typeof p?.refusal === 'string') out += p.refusal;
  }
  return out;
}

function userPart(part: ContentPart): Part {
  const p = part as Part;
  if (p.responses_part && typeof p.responses_part === 'object') return p.responses_part as Part;
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image_url':
      return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
    case 'input_audio':
      return { type: 'input_audio', input_audio: part.input_audio };
    case 'file': {
      const f = part.file as Record<string, unknown>;
      const out: Part = { type: 'input_file' };
      for (const k of ['file_data', 'file_id', 'filename', 'file_url']) if (typeof f[k] === 'string') out[k] = f[k];
      return out;
    }
  }
}

function messageContent(role: string, content: unknown): string | Part[] {
  if (typeof content === 'string') return content;
  if (role === 'user') return (content as ContentPart[]).map(userPart);
  return [{ type: 'input_text', text: canonicalText(content) }];
}

function functionCall(tc: ToolCall): ResponsesItem {
  return { type: 'function_call', call_id: tc.id, name: tc.function.name, arguments: tc.function.arguments };
}

/**
 * An assistant turn. Unchanged text keeps the original message items; changed text goes into the
 * first one (its annotations dropped: their offsets no longer hold). Function calls keep their item
 * ids and take name and arguments from the canonical calls, matched by `call_id`.
 */
function assistantItems(m: Message & { role: 'assistant' }): ResponsesItem[] {
  const text = canonicalText(m.content) || (typeof m.refusal === 'string' ? m.refusal : '');
  const calls = m.tool_calls ?? [];
  const original = m.responses_items;
  if (!original?.length) {
    const out: ResponsesItem[] = text ? [{ role: 'assistant', content: text }] : [];
    for (const tc of calls) out.push(functionCall(tc));
    return out;
  }
  let originalText = '';
  for (const it of original) if (it.type === 'message') originalText += itemText(it.content);
  const same = originalText === text;
  const used = new Set<string>();
  const out: ResponsesItem[] = [];
  let placed = same;
  for (const it of original) {
    if (it.type === 'message') {
      if (same) out.push(it);
      else if (!placed && text) {
        out.push({ ...it, content: [{ type: 'output_text', text, annotations: [] }] });
        placed = true;
      }
    } else if (it.type === 'function_call') {
      const tc = calls.find((c) => c.id === it.call_id);
      if (!tc) continue;
      used.add(tc.id);
      out.push({ ...it, name: tc.function.name, arguments: tc.function.arguments });
    } else out.push(it);
  }
  if (!placed && text) out.push({ role: 'assistant', content: text });
  for (const tc of calls) if (!used.has(tc.id)) out.push(functionCall(tc));
  return out;
}

/** A tool result. Unchanged output keeps the original item (and its images); changed text replaces the text parts. */
function toolOutput(m: Message & { role: 'tool' }): ResponsesItem {
  const text = canonicalText(m.content);
  const original = m.responses_items?.[0];
  if (!original) return { type: 'function_call_output', call_id: m.tool_call_id, output: text };
  const output = original.output;
  if (itemText(output) === text) return original;
  const media = Array.isArray(output) ? (output as Part[]).filter((p) => p?.type !== 'input_text') : [];
  return { ...original, call_id: m.tool_call_id, output: media.length ? [{ type: 'input_text', text }, ...media] : text };
}

export function toResponsesInput(messages: readonly ChatMessage[]): ResponsesInput {
  const input: ResponsesItem[] = [];
  const instructions: string[] = [];
  for (const raw of messages) {
    const m = raw as Message;
    if (m.responses_before) input.push(...m.responses_before);
    if (m.responses_synthetic) {
      // Stands in for content the original items below already carry.
    } else if ((m.role === 'system' || m.role === 'developer') && m.responses_instructions) {
      instructions.push(canonicalText(m.content));
    } else if (m.role === 'assistant') {
      input.push(...assistantItems(m));
    } else if (m.role === 'tool') {
      input.push(toolOutput(m));
    } else {
      input.push({ type: 'message', role: m.role, content: messageContent(m.role, m.content) });
    }
    if (m.responses_after) input.push(...m.responses_after);
  }
  return { input, instructions: instructions.length ? instructions.join('\n\n') : undefined };
}
