/**
 * @module Canonical request (+ `responses_extra`) -> the body of `POST {baseUrl}/responses`. Fields the
 * canonical request models (messages, function tools, tool_choice, response_format, reasoning effort,
 * token cap, sampling, metadata, user) are taken from it, so plugin edits reach the upstream; every
 * other field of the caller's Responses request, known or not, is passed through unchanged.
 */
import type { ChatRequest, ResponseFormat, Tool, ToolChoice } from '@switchyard/core';
import { toResponsesInput } from './responses-input-items.js';
import type { ResponsesRequestExtensions } from './responses-wire-types.js';

type Json = Record<string, unknown>;

/** Fields the body builder derives from the canonical request, never copied from `responses_extra`. */
const DERIVED = new Set(['model', 'input', 'instructions', 'tools', 'tool_choice', 'text', 'reasoning', 'stream']);

export function isResponsesRequest(req: ChatRequest): req is ChatRequest & Required<ResponsesRequestExtensions> {
  const extra = (req as ResponsesRequestExtensions).responses_extra;
  return typeof extra === 'object' && extra !== null;
}

function functionTool(t: Tool): Json {
  const fn = t.function;
  const out: Json = { type: 'function', name: fn.name };
  if (fn.description !== undefined) out.description = fn.description;
  out.parameters = fn.parameters ?? null;
  // Responses function tools are strict unless told otherwise; an absent flag keeps the upstream's default.
  if (fn.strict !== undefined && fn.strict !== null) out.strict = fn.strict;
  return out;
}

function toolChoice(tc: ToolChoice): unknown {
  return typeof tc === 'string' ? tc : { type: 'function', name: tc.function.name };
}

function textFormat(rf: ResponseFormat): Json {
  if (rf.type !== 'json_schema') return { type: rf.type };
  const { name, description, schema, strict } = rf.json_schema;
  const out: Json = { type: 'json_schema', name, schema: schema ?? {} };
  if (description !== undefined) out.description = description;
  if (strict !== undefined && strict !== null) out.strict = strict;
  return out;
}

/**
 * @example
 * const body = buildResponsesBody(req, { model: 'gpt-4.1', stream: true });
 */
export function buildResponsesBody(
  req: ChatRequest & Required<ResponsesRequestExtensions>,
  opts: { model: string; stream: boolean },
): Json {
  const extra = req.responses_extra;
  const body: Json = {};
  for (const [k, v] of Object.entries(extra)) if (!DERIVED.has(k)) body[k] = v;
  body.model = opts.model;
  const { input, instructions } = toResponsesInput(req.messages);
  if (instructions !== undefined) body.instructions = instructions;
  body.input = input;

  const builtIn = Array.isArray(extra.tools) ? extra.tools : [];
  const tools = [...(req.tools ?? []).map(functionTool), ...builtIn];
  if (tools.length) body.tools = tools;
  if (extra.tool_choice !== undefined) body.tool_choice = extra.tool_choice;
  else if (req.tool_choice !== undefined) body.tool_choice = toolChoice(req.tool_choice);
  if (req.parallel_tool_calls !== undefined) body.parallel_tool_calls = req.parallel_tool_calls;

  const text = { ...((extra.text as Json | undefined) ?? {}) };
  if (req.response_format) text.format = textFormat(req.response_format);
  else delete text.format;
  if (Object.keys(text).length) body.text = text;

  const reasoning = { ...((extra.reasoning as Json | undefined) ?? {}) };
  const effort = (req as { reasoning_effort?: unknown }).reasoning_effort;
  if (effort !== undefined) reasoning.effort = effort;
  if (Object.keys(reasoning).length) body.reasoning = reasoning;

  const cap = req.max_completion_tokens ?? req.max_tokens;
  if (cap !== undefined && cap !== null) body.max_output_tokens = cap;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.top_p !== undefined) body.top_p = req.top_p;
  if (req.metadata !== undefined) body.metadata = req.metadata;
  if (req.user !== undefined) body.user = req.user;
  if (opts.stream) body.stream = true;
  return body;
}
