/**
 * @module A Responses request -> the canonical (Chat Completions) request the gateway routes. Fields
 * with a canonical form are translated (instructions, input, function tools, tool_choice,
 * text.format, reasoning.effort, max_output_tokens, sampling, metadata, user); every other field,
 * known or not, rides in `responses_extra` for Responses-native upstreams, and whatever only such an
 * upstream can serve is reported in `native`.
 */
import type { ChatMessage, ChatRequest, Tool } from '@switchyard/core';
import { inputItemsToMessages, type TranslatedInput } from './input-items-to-messages.js';
import type { ResponsesRequest, ResponsesTool } from './responses-request-schema.js';

export interface TranslatedRequest {
  request: ChatRequest;
  native: TranslatedInput['native'];
}

/** Top-level fields translated into canonical ones; the rest goes to `responses_extra`. */
const TRANSLATED = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'reasoning',
  'max_output_tokens',
  'temperature',
  'top_p',
  'metadata',
  'user',
  'stream',
]);

function functionTool(t: Extract<ResponsesTool, { type: 'function' }>): Tool {
  const fn: Tool['function'] = { name: t.name };
  if (t.description) fn.description = t.description;
  if (t.parameters) fn.parameters = t.parameters;
  // Responses function tools are strict unless `strict: false`; only an explicit flag is carried,
  // so other upstreams do not get strict schemas they were never asked for.
  if (typeof t.strict === 'boolean') fn.strict = t.strict;
  return { type: 'function', function: fn };
}

export interface TranslateOptions {
  /** The stored conversation `previous_response_id` names (its instructions excluded). */
  history?: ChatMessage[];
}

/**
 * @example
 * const { request, native } = responsesToCanonical(parseResponsesRequest(body));
 */
export function responsesToCanonical(body: ResponsesRequest, options: TranslateOptions = {}): TranslatedRequest {
  const { messages: input, native } = inputItemsToMessages(body.input);
  const messages: ChatMessage[] = [];
  if (body.instructions) messages.push({ role: 'system', content: body.instructions, responses_instructions: true } as ChatMessage);
  if (options.history) messages.push(...options.history);
  messages.push(...input);

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!TRANSLATED.has(k) && v !== undefined && v !== null) extra[k] = v;
  if (options.history) delete extra.previous_response_id;
  else if (body.previous_response_id)
    native.push({ reason: `previous_response_id ${body.previous_response_id}`, param: 'previous_response_id' });

  const out: Record<string, unknown> = { model: body.model, messages };
  const tools: Tool[] = [];
  const builtIn: ResponsesTool[] = [];
  body.tools?.forEach((t, i) => {
    if (t.type === 'function') tools.push(functionTool(t as Extract<ResponsesTool, { type: 'function' }>));
    else {
      builtIn.push(t);
      native.push({ reason: `the ${t.type} tool`, param: `tools[${i}]` });
    }
  });
  if (tools.length) out.tools = tools;
  if (builtIn.length) extra.tools = builtIn;

  const tc = body.tool_choice;
  if (typeof tc === 'string') out.tool_choice = tc;
  else if (tc?.type === 'function') out.tool_choice = { type: 'function', function: { name: (tc as { name: string }).name } };
  else if (tc) {
    extra.tool_choice = tc;
    native.push({ reason: `tool_choice of type "${tc.type}"`, param: 'tool_choice' });
  }
  if (typeof body.parallel_tool_calls === 'boolean') out.parallel_tool_calls = body.parallel_tool_calls;

  if (body.text) {
    const { format, ...rest } = body.text;
    if (format?.type === 'json_schema') {
      const f = format as { name: string; schema: Record<string, unknown>; description?: string | null; strict?: boolean | null };
      const js: Record<string, unknown> = { name: f.name, schema: f.schema };
      if (f.description) js.description = f.description;
      if (typeof f.strict === 'boolean') js.strict = f.strict;
      out.response_format = { type: 'json_schema', json_schema: js };
    } else if (format?.type === 'json_object') out.response_format = { type: 'json_object' };
    if (Object.keys(rest).length) extra.text = rest;
  }
  if (body.reasoning) {
    const { effort, ...rest } = body.reasoning;
    if (effort) out.reasoning_effort = effort;
    if (Object.keys(rest).length) extra.reasoning = rest;
  }
  if (body.max_output_tokens) out.max_completion_tokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') out.temperature = body.temperature;
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (body.metadata) out.metadata = body.metadata;
  if (body.user !== undefined) out.user = body.user;
  out.responses_extra = extra;
  if (body.stream === true) {
    out.stream = true;
    // Usage is needed for the final response object; OpenAI-shaped upstreams only stream it when asked.
    out.stream_options = { include_usage: true };
  }
  return { request: out as ChatRequest, native };
}
