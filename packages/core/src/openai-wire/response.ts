/** @module A non-streaming upstream body -> canonical ChatResponse. */
import { SwitchyardError } from '../errors.js';
import type { ToolCall } from '../schema/chat-request.js';
import type { AssistantMessage, ChatChoice, ChatResponse } from '../schema/chat-response.js';
import { isStreamError, streamError } from './error-body.js';
import { mapFinishReason } from './finish-reason.js';
import { argumentsText, fallbackToolCallId } from './tool-calls.js';
import { normalizeUsage } from './usage.js';
import type { WireChatResponse, WireChoice, WireToolCall } from './wire-types.js';

function toolCalls(calls: WireToolCall[], responseId: string, choice: number): ToolCall[] {
  return calls.map((tc, i) => {
    const fn = tc.function ?? {};
    return {
      ...tc,
      id: typeof tc.id === 'string' && tc.id ? tc.id : fallbackToolCallId(responseId, choice, i),
      type: 'function' as const,
      function: { ...fn, name: typeof fn.name === 'string' ? fn.name : '', arguments: argumentsText(fn.arguments) },
    } as ToolCall;
  });
}

function choiceOf(c: WireChoice, position: number, responseId: string): ChatChoice {
  const index = typeof c.index === 'number' ? c.index : position;
  const { reasoning, reasoning_content, tool_calls, role: _role, content, ...rest } = c.message ?? {};
  const message: AssistantMessage = { role: 'assistant', content: typeof content === 'string' ? content : null, ...rest };
  const thought = typeof reasoning_content === 'string' ? reasoning_content : reasoning;
  if (typeof thought === 'string') message.reasoning_content = thought;
  if (Array.isArray(tool_calls) && tool_calls.length) message.tool_calls = toolCalls(tool_calls, responseId, index);
  const out: ChatChoice = { ...c, index, message, finish_reason: mapFinishReason(c.finish_reason) };
  return out;
}

/**
 * Fields the canonical response fixes (`object`, `choices`, `usage`) are rebuilt; everything else
 * (`system_fingerprint`, `service_tier`, vendor fields) passes through.
 */
export function parseChatResponse(body: unknown, provider: string, model: string, secrets: readonly string[] = []): ChatResponse {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${provider}" sent a response that is not a JSON object`, {
      provider,
      upstreamBody: body,
      retryable: true,
    });
  }
  const b = body as WireChatResponse;
  // Some servers answer 200 with an error body.
  if (isStreamError(b as Record<string, unknown>)) throw streamError(provider, b, secrets, 'with a 200 response');
  if (!Array.isArray(b.choices)) {
    throw new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${provider}" sent a response without choices`, {
      provider,
      upstreamBody: body,
      retryable: true,
    });
  }
  const id = typeof b.id === 'string' ? b.id : '';
  const { usage: rawUsage, ...rest } = b;
  const res: ChatResponse = {
    ...rest,
    id,
    object: 'chat.completion',
    created: typeof b.created === 'number' ? b.created : Math.floor(Date.now() / 1000),
    model: typeof b.model === 'string' && b.model ? b.model : model,
    choices: b.choices.map((c, i) => choiceOf(c ?? {}, i, id)),
  };
  const usage = normalizeUsage(rawUsage);
  if (usage) res.usage = usage;
  return res;
}
