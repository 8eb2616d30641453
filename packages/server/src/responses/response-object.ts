/**
 * @module The parts of a Responses `response` object that do not depend on the output: ids, the
 * request fields it echoes, status from the finish reason, and usage in the Responses shape.
 */
import { randomBytes } from 'node:crypto';
import type { FinishReason, Usage } from '@switchyard/core';
import type { ResponsesRequest } from './responses-request-schema.js';

export type Json = Record<string, any>;

/** `resp_…`, `msg_…`, `fc_…`, `rs_…`, `call_…`: 48 random hex digits, unguessable, as the API's ids are opaque. */
export function mintId(prefix: 'resp' | 'msg' | 'fc' | 'rs' | 'call'): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** Canonical usage -> Responses usage. Both count cached tokens inside the input total. */
export function toResponsesUsage(u: Usage | undefined): ResponsesUsage | null {
  if (!u) return null;
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: u.total_tokens,
  };
}

/** `length` -> incomplete (`max_output_tokens`), `content_filter` -> incomplete (`content_filter`). */
export function statusFor(reason: FinishReason | null | undefined): {
  status: 'completed' | 'incomplete';
  incomplete_details: Json | null;
} {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export interface SkeletonOptions {
  id: string;
  /** The model reported (the upstream model that answers). */
  model: string;
  createdAt: number;
  /** Whether this response is kept for `previous_response_id` and `GET /v1/responses/{id}`. */
  store: boolean;
}

/** The response as `response.created` shows it: in progress, no output, the request's settings echoed. */
export function responseSkeleton(body: ResponsesRequest, o: SkeletonOptions): Json {
  return {
    id: o.id,
    object: 'response',
    created_at: o.createdAt,
    status: 'in_progress',
    background: false,
    completed_at: null,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: o.model,
    output: [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    store: o.store,
    temperature: body.temperature ?? 1,
    text: { format: body.text?.format ?? { type: 'text' }, ...(body.text?.verbosity ? { verbosity: body.text.verbosity } : {}) },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: null,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}

/** The terminal object: the skeleton with output, status and usage. */
export function finalResponse(skeleton: Json, output: Json[], reason: FinishReason | null | undefined, usage: Usage | undefined): Json {
  const { status, incomplete_details } = statusFor(reason);
  return {
    ...skeleton,
    status,
    completed_at: status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    incomplete_details,
    output,
    usage: toResponsesUsage(usage),
  };
}
