/** @module A Gemini `GenerateContentResponse` -> a canonical `chat.completion`. */
import { randomUUID } from 'node:crypto';
import {
  type AssistantMessage,
  type ChatChoice,
  type ChatResponse,
  SwitchyardError,
  type ToolCall,
  type UpstreamCall,
} from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';
import type { GoogleCandidate, GoogleGenerateContentResponse } from './google-wire-types.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';
import { readGooglePart } from './map-google-parts.js';
import { mapGoogleUsage } from './map-google-usage.js';

/** The canonical response id: Gemini's `responseId` when it sends one. */
export function googleResponseId(responseId: string | undefined): string {
  return `chatcmpl-${responseId || randomUUID()}`;
}

function toChoice(candidate: GoogleCandidate, position: number, responseId: string): ChatChoice {
  const index = candidate.index ?? position;
  let content = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    const meaning = readGooglePart(part, responseId, index, toolCalls.length);
    if (meaning.kind === 'text') content += meaning.text;
    else if (meaning.kind === 'reasoning') reasoning += meaning.text;
    else if (meaning.kind === 'call') {
      const { id, name, arguments: args, extra } = meaning.call;
      toolCalls.push({ id, type: 'function', function: { name, arguments: args }, ...extra });
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: content === '' ? null : content };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  return { index, message, finish_reason: mapGoogleFinishReason(candidate.finishReason, toolCalls.length > 0) };
}

export function fromGoogleResponse(body: unknown, call: UpstreamCall<GoogleOptions>): ChatResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${call.provider}" sent a response that is not a JSON object`, {
      provider: call.provider,
    });
  }
  const res = body as GoogleGenerateContentResponse;
  const responseId = res.responseId ?? '';
  const candidates = res.candidates ?? [];
  let choices = candidates.map((c, i) => toChoice(c, i, responseId));
  if (choices.length === 0) {
    // A blocked prompt has no candidates, only promptFeedback.blockReason.
    const reason = res.promptFeedback?.blockReason ? 'content_filter' : 'stop';
    choices = [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: reason }];
  }
  choices.sort((a, b) => a.index - b.index);
  const response: ChatResponse = {
    id: googleResponseId(res.responseId),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: res.modelVersion || call.model,
    choices,
  };
  const usage = mapGoogleUsage(res.usageMetadata);
  if (usage) response.usage = usage;
  return response;
}
