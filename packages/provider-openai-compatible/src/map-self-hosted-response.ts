/** @module Edits of a parsed non-streaming response from a self-hosted server. */
import type { ChatResponse, ToolCall, UpstreamCall } from '@switchyard/core';
import { resolveSettings, type SelfHostedOptions } from './self-hosted-options.js';
import { splitThinkTags } from './think-tags.js';
import { isOddToolCallId, stableToolCallId } from './tool-call-ids.js';

type RawToolCalls = { id?: unknown }[] | undefined;

/** Only the canonical members: TGI adds `description: null` to the function, Mistral-style servers an `index`. */
function canonicalCall(tc: ToolCall, id: string): ToolCall {
  const { index: _index, function: fn, ...rest } = tc as ToolCall & { index?: unknown };
  const { description: _description, ...f } = fn as ToolCall['function'] & { description?: unknown };
  return { ...rest, id, function: f } as ToolCall;
}

/**
 * Weak tool-call ids (missing, empty, `"0"`, `"null"`) are replaced with ids derived from the response,
 * a `stop` that ended in tool calls reads `tool_calls`, and with `thinkTags` on, `<think>` blocks move
 * from `content` to `reasoning_content`.
 */
export function fromSelfHostedResponse(res: ChatResponse, raw: unknown, call: UpstreamCall<SelfHostedOptions>): ChatResponse {
  const s = resolveSettings(call.options);
  const rawChoices = (raw as { choices?: { message?: { tool_calls?: RawToolCalls } }[] }).choices ?? [];
  res.choices.forEach((choice, i) => {
    const message = choice.message;
    if (s.thinkTags && typeof message.content === 'string' && message.content.includes('<think>')) {
      const { content, reasoning } = splitThinkTags(message.content);
      message.content = content;
      if (reasoning) message.reasoning_content = (message.reasoning_content ?? '') + reasoning;
    }
    const calls = message.tool_calls;
    if (!calls) return;
    // TGI and older Ollama finish a tool call with `stop`; clients look for `tool_calls`.
    if (choice.finish_reason === 'stop') choice.finish_reason = 'tool_calls';
    const rawCalls = rawChoices[i]?.message?.tool_calls;
    message.tool_calls = calls.map((tc, j) => {
      const weak = isOddToolCallId(rawCalls?.[j]?.id);
      const id = weak ? stableToolCallId(res.id, res.created, res.model, choice.index, j, tc.function.name, tc.function.arguments) : tc.id;
      return canonicalCall(tc, id);
    });
  });
  return res;
}
