/** @module Anthropic Message -> canonical ChatResponse. */
import { type AssistantMessage, type ChatResponse, SwitchyardError, type ToolCall, type UpstreamCall } from '@switchyard/core';
import { toCanonicalUsage } from './anthropic-usage.js';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-wire-types.js';
import { JSON_TOOL_NAME } from './build-anthropic-request.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

export type ThinkingBlockRecord = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

function isMessage(body: unknown): body is AnthropicMessage {
  const b = body as AnthropicMessage;
  return typeof b === 'object' && b !== null && b.type === 'message' && Array.isArray(b.content);
}

export function fromMessagesResponse(body: unknown, call: UpstreamCall): ChatResponse {
  if (!isMessage(body)) {
    throw new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${call.provider}" sent a body that is not an Anthropic message`, {
      provider: call.provider,
      upstreamBody: body,
      retryable: true,
    });
  }
  let text = '';
  let reasoning = '';
  let jsonAnswer = false;
  const toolCalls: ToolCall[] = [];
  const thinkingBlocks: ThinkingBlockRecord[] = [];
  for (const block of body.content as AnthropicContentBlock[]) {
    switch (block.type) {
      case 'text':
        text += (block as { text: string }).text;
        break;
      case 'thinking': {
        const b = block as { thinking: string; signature: string };
        reasoning += b.thinking;
        thinkingBlocks.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
        break;
      }
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: (block as { data: string }).data });
        break;
      case 'tool_use': {
        const b = block as { id: string; name: string; input: unknown };
        if (b.name === JSON_TOOL_NAME) {
          text += JSON.stringify(b.input ?? {});
          jsonAnswer = true;
        } else {
          toolCalls.push({ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } });
        }
        break;
      }
      // Server-tool blocks (server_tool_use, web_search_tool_result, ...) have no canonical form.
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: text || (toolCalls.length ? null : '') };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;
  if (thinkingBlocks.length) message.thinking_blocks = thinkingBlocks;
  const finish = jsonAnswer && body.stop_reason === 'tool_use' ? 'stop' : mapAnthropicStopReason(body.stop_reason);
  const res: ChatResponse = {
    id: body.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model || call.model,
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: toCanonicalUsage(body.usage ?? {}),
  };
  if (body.stop_reason === 'stop_sequence' && typeof body.stop_sequence === 'string') res.stop_sequence = body.stop_sequence;
  return res;
}
