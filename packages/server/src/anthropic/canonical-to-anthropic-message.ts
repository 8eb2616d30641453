/** @module Canonical ChatResponse -> Anthropic Message JSON (`POST /v1/messages`, non-stream). */
import { randomUUID } from 'node:crypto';
import type { ChatResponse } from '@switchyard/core';
import { type AnthropicUsageOut, toAnthropicUsage } from './anthropic-usage.js';
import { type AnthropicStopReason, toAnthropicStopReason } from './stop-reason.js';

export type AnthropicContentBlockOut =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessageOut {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlockOut[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicUsageOut;
}

/** Anthropic message ids start with `msg_`; ids from other upstreams get the prefix. */
export function toAnthropicMessageId(id: string | undefined): string {
  if (!id) return `msg_${randomUUID().replace(/-/g, '')}`;
  return id.startsWith('msg_') ? id : `msg_${id}`;
}

/** Tool input must be an object; unparsable arguments from a weak model become `{}`. */
export function parseToolInput(args: string | undefined): Record<string, unknown> {
  if (!args) return {};
  try {
    const v: unknown = JSON.parse(args);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function thinkingBlocks(message: Record<string, unknown>): AnthropicContentBlockOut[] {
  const raw = message.thinking_blocks;
  if (Array.isArray(raw) && raw.length) {
    const out: AnthropicContentBlockOut[] = [];
    for (const b of raw as Record<string, unknown>[]) {
      if (b?.type === 'thinking') out.push({ type: 'thinking', thinking: String(b.thinking ?? ''), signature: String(b.signature ?? '') });
      else if (b?.type === 'redacted_thinking') out.push({ type: 'redacted_thinking', data: String(b.data ?? '') });
    }
    return out;
  }
  // Reasoning from a non-Anthropic upstream has no signature; an empty one marks it as such.
  const reasoning = message.reasoning_content;
  return typeof reasoning === 'string' && reasoning ? [{ type: 'thinking', thinking: reasoning, signature: '' }] : [];
}

/**
 * @example reply.send(canonicalToAnthropicMessage(result.response, body.model))
 */
export function canonicalToAnthropicMessage(res: ChatResponse, requestedModel: string): AnthropicMessageOut {
  const choice = res.choices[0];
  const message = (choice?.message ?? { role: 'assistant', content: null }) as ChatResponse['choices'][0]['message'];
  const content: AnthropicContentBlockOut[] = thinkingBlocks(message);
  const text = (typeof message.content === 'string' ? message.content : '') || message.refusal;
  if (text) content.push({ type: 'text', text });
  for (const tc of message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: tc.id, name: tc.function.name, input: parseToolInput(tc.function.arguments) });
  }
  const stopSequence = typeof res.stop_sequence === 'string' ? res.stop_sequence : null;
  const stopReason = toAnthropicStopReason(choice?.finish_reason, stopSequence);
  return {
    id: toAnthropicMessageId(res.id),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? stopSequence : null,
    usage: toAnthropicUsage(res.usage),
  };
}
