/**
 * @module A Responses API `response` object -> the canonical ChatResponse plugins see (text, tool
 * calls, reasoning summaries, finish reason, usage), carrying the whole upstream object as
 * `responses_body` so the `/v1/responses` host can answer with the upstream's own items and ids.
 */
import {
  type ChatResponse,
  type FinishReason,
  SwitchyardError,
  scrubSecrets,
  streamError,
  type ToolCall,
  type Usage,
} from '@switchyard/core';
import type { ResponsesBody, ResponsesItem, ResponsesUsage } from './responses-wire-types.js';

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/** Responses usage -> canonical usage: `input_tokens` includes cached tokens, as `prompt_tokens` does. */
export function responsesUsage(u: ResponsesUsage | null | undefined): Usage | undefined {
  if (!u || typeof u !== 'object' || (typeof u.input_tokens !== 'number' && typeof u.output_tokens !== 'number')) return undefined;
  const prompt = count(u.input_tokens);
  const completion = count(u.output_tokens);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: count(u.total_tokens) || prompt + completion };
  const cached = u.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number') usage.prompt_tokens_details = { cached_tokens: count(cached) };
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') usage.completion_tokens_details = { reasoning_tokens: count(reasoning) };
  return usage;
}

/** status + incomplete_details (+ whether the model called functions) -> canonical finish reason. */
export function responsesFinishReason(status: unknown, reason: unknown, calledFunctions: boolean): FinishReason {
  if (status === 'incomplete') return reason === 'content_filter' ? 'content_filter' : 'length';
  return calledFunctions ? 'tool_calls' : 'stop';
}

function partsText(content: unknown, type: 'output_text' | 'refusal' | 'reasoning_text'): string {
  if (!Array.isArray(content)) return '';
  const key = type === 'refusal' ? 'refusal' : 'text';
  let out = '';
  for (const p of content as Record<string, unknown>[]) {
    const v = p?.type === type ? p[key] : undefined;
    if (typeof v === 'string') out += v;
  }
  return out;
}

/** The reasoning text of a reasoning item: its summaries, else its raw reasoning content. */
export function reasoningText(item: ResponsesItem): string {
  const summary = Array.isArray(item.summary)
    ? (item.summary as { text?: unknown }[]).map((s) => (typeof s?.text === 'string' ? s.text : ''))
    : [];
  const joined = summary.filter(Boolean).join('\n\n');
  return joined || partsText(item.content, 'reasoning_text');
}

/** A `status: failed` response (or an in-stream `response.failed`) as the error it reports. */
export function failedResponseError(provider: string, body: ResponsesBody, secrets: readonly string[]): SwitchyardError {
  return streamError(provider, { error: body.error ?? { message: 'the response failed' } }, secrets, 'to respond');
}

/**
 * @example
 * const chat = parseResponsesBody(json, 'openai', 'gpt-4.1', []);
 */
export function parseResponsesBody(raw: unknown, provider: string, model: string, secrets: readonly string[]): ChatResponse {
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as ResponsesBody).output)) {
    throw new SwitchyardError(
      'SY_ERR_UPSTREAM_PROTOCOL',
      scrubSecrets(`Provider "${provider}" sent a body that is not a Responses object`, secrets),
      {
        provider,
        retryable: true,
      },
    );
  }
  const body = raw as ResponsesBody;
  if (body.status === 'failed') throw failedResponseError(provider, body, secrets);
  let text = '';
  let refusal = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const item of body.output ?? []) {
    if (item.type === 'message') {
      text += partsText(item.content, 'output_text');
      refusal += partsText(item.content, 'refusal');
    } else if (item.type === 'function_call') {
      toolCalls.push({
        id: String(item.call_id ?? item.id ?? ''),
        type: 'function',
        function: { name: String(item.name ?? ''), arguments: typeof item.arguments === 'string' ? item.arguments : '' },
      });
    } else if (item.type === 'reasoning') {
      const r = reasoningText(item);
      if (r) reasoning += reasoning ? `\n\n${r}` : r;
    }
  }
  const message: ChatResponse['choices'][0]['message'] = { role: 'assistant', content: text || (toolCalls.length || refusal ? null : '') };
  if (refusal) message.refusal = refusal;
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;
  const out: ChatResponse = {
    id: typeof body.id === 'string' ? body.id : '',
    object: 'chat.completion',
    created: typeof body.created_at === 'number' ? body.created_at : Math.floor(Date.now() / 1000),
    model: typeof body.model === 'string' && body.model ? body.model : model,
    choices: [
      { index: 0, message, finish_reason: responsesFinishReason(body.status, body.incomplete_details?.reason, toolCalls.length > 0) },
    ],
    responses_body: body,
  };
  const usage = responsesUsage(body.usage);
  if (usage) out.usage = usage;
  return out;
}
