/**
 * @module Canonical ChatResponse -> Responses `response` object (non-stream). From a Responses-native
 * upstream the upstream's own object is returned (its ids, built-in tool items, annotations), with
 * the message text replaced when a plugin changed it; from any other provider the output items are
 * built: a reasoning item (summaries), a message with `output_text` or `refusal`, function calls.
 */
import type { AssistantMessage, ChatResponse } from '@switchyard/core';
import { finalResponse, type Json, mintId } from './response-object.js';

export interface ResponseResult {
  response: Json;
  /** The assistant turn in canonical form, as the gateway stores it for `previous_response_id`. */
  message: AssistantMessage;
}

function outputText(item: Json): string {
  let out = '';
  for (const p of (item.content as Json[] | undefined) ?? []) if (p?.type === 'output_text' && typeof p.text === 'string') out += p.text;
  return out;
}

/**
 * The upstream's output, its message text replaced by `text` when they differ (a plugin masked or
 * restored something): the first message carries the new text without annotations, whose offsets no
 * longer hold, and later messages are dropped.
 */
export function patchNativeOutput(output: Json[], text: string): Json[] {
  const messages = output.filter((i) => i?.type === 'message');
  if (messages.map(outputText).join('') === text) return output;
  let placed = false;
  const out: Json[] = [];
  for (const item of output) {
    if (item?.type !== 'message') out.push(item);
    else if (!placed) {
      placed = true;
      out.push({ ...item, content: [{ type: 'output_text', annotations: [], logprobs: [], text }] });
    }
  }
  return out;
}

/** Output items for a canonical assistant message; call ids are made up where the upstream gave none. */
export function outputItems(m: AssistantMessage, incomplete: boolean): { items: Json[]; message: AssistantMessage } {
  const items: Json[] = [];
  const reasoning = typeof m.reasoning_content === 'string' ? m.reasoning_content : '';
  if (reasoning || (Array.isArray(m.thinking_blocks) && m.thinking_blocks.length)) {
    items.push({ id: mintId('rs'), type: 'reasoning', summary: reasoning ? [{ type: 'summary_text', text: reasoning }] : [] });
  }
  const text = typeof m.content === 'string' ? m.content : '';
  const refusal = typeof m.refusal === 'string' ? m.refusal : '';
  if (text || refusal || !m.tool_calls?.length) {
    const content = refusal && !text ? [{ type: 'refusal', refusal }] : [{ type: 'output_text', annotations: [], logprobs: [], text }];
    items.push({ id: mintId('msg'), type: 'message', status: incomplete ? 'incomplete' : 'completed', content, role: 'assistant' });
  }
  const calls = (m.tool_calls ?? []).map((tc) => (tc.id ? tc : { ...tc, id: mintId('call') }));
  for (const tc of calls) {
    items.push({
      id: mintId('fc'),
      type: 'function_call',
      status: 'completed',
      arguments: tc.function.arguments,
      call_id: tc.id,
      name: tc.function.name,
    });
  }
  const message: AssistantMessage = { ...m, role: 'assistant', content: text || (calls.length || refusal ? null : '') };
  if (calls.length) message.tool_calls = calls;
  return { items, message };
}

/**
 * @example
 * const { response } = canonicalToResponse(result.response, skeleton);
 */
export function canonicalToResponse(res: ChatResponse, skeleton: Json): ResponseResult {
  const choice = res.choices[0];
  const m: AssistantMessage = choice?.message ?? { role: 'assistant', content: '' };
  const native = res.responses_body as Json | undefined;
  if (native && Array.isArray(native.output)) {
    const text = typeof m.content === 'string' ? m.content : '';
    return { response: { ...native, output: patchNativeOutput(native.output, text) }, message: m };
  }
  const { items, message } = outputItems(m, choice?.finish_reason === 'length');
  return { response: finalResponse(skeleton, items, choice?.finish_reason, res.usage), message };
}
