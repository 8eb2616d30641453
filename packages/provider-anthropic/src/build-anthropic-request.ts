/** @module Canonical chat request -> Anthropic `POST /messages` request. */
import { type ChatRequest, SwitchyardError, type Tool, type UpstreamCall, type UpstreamRequest } from '@switchyard/core';
import type { AnthropicOptions } from './anthropic-options.js';
import type {
  AnthropicMessagesRequest,
  AnthropicTextBlock,
  AnthropicThinkingConfig,
  AnthropicTool,
  AnthropicToolChoice,
} from './anthropic-wire-types.js';
import { toAnthropicPrompt } from './convert-to-anthropic-messages.js';

/**
 * The reserved tool used for `response_format` in `jsonMode: "tool"`. Its input is the JSON answer;
 * responses and streams turn it back into text content with `finish_reason: "stop"`.
 */
export const JSON_TOOL_NAME = 'switchyard_json_response';

/** `reasoning_effort` (OpenAI) -> thinking budget. `minimal` means no extended thinking. */
const EFFORT_BUDGET: Record<string, number> = { low: 1024, medium: 4096, high: 16384 };

function thinkingOf(req: ChatRequest): AnthropicThinkingConfig | undefined {
  const t = req.thinking as AnthropicThinkingConfig | undefined;
  if (t && typeof t === 'object' && typeof t.type === 'string') return t;
  const effort = req.reasoning_effort;
  const budget = typeof effort === 'string' ? EFFORT_BUDGET[effort] : undefined;
  return budget ? { type: 'enabled', budget_tokens: budget } : undefined;
}

function toAnthropicTool(t: Tool): AnthropicTool {
  const schema = t.function.parameters ?? {};
  const out: AnthropicTool = {
    name: t.function.name,
    input_schema: { type: 'object', ...schema },
  };
  if (t.function.description) out.description = t.function.description;
  if (t.function.strict === true) out.strict = true;
  const cc = (t as { cache_control?: AnthropicTool['cache_control'] }).cache_control;
  if (cc) out.cache_control = cc;
  return out;
}

function toolChoiceOf(req: ChatRequest): AnthropicToolChoice | undefined {
  const noParallel = req.parallel_tool_calls === false;
  const tc = req.tool_choice;
  if (tc === 'none') return { type: 'none' };
  const flag = noParallel ? { disable_parallel_tool_use: true } : {};
  if (tc === 'required') return { type: 'any', ...flag };
  if (tc && typeof tc === 'object') return { type: 'tool', name: tc.function.name, ...flag };
  if (tc === 'auto' || noParallel) return { type: 'auto', ...flag };
  return undefined;
}

function jsonInstruction(schema: Record<string, unknown> | undefined): string {
  return schema
    ? `Respond only with a JSON value that conforms to this JSON schema, with no other text:\n${JSON.stringify(schema)}`
    : 'Respond only with a valid JSON object, with no other text.';
}

/**
 * `response_format` strategy (see README): force the reserved tool when nothing else needs
 * `tools`/`tool_choice` and thinking is off (Anthropic forbids forced tool use with thinking);
 * otherwise, or for json_object in native mode, append an instruction to `system`.
 */
function applyJsonMode(body: AnthropicMessagesRequest, req: ChatRequest, options: AnthropicOptions): void {
  const rf = req.response_format;
  if (!rf || rf.type === 'text') return;
  const schema = rf.type === 'json_schema' ? rf.json_schema.schema : undefined;
  if (options.jsonMode === 'native' && rf.type === 'json_schema' && schema) {
    body.output_config = { format: { type: 'json_schema', schema } };
    return;
  }
  const thinkingOn = body.thinking !== undefined && body.thinking.type !== 'disabled';
  if (options.jsonMode === 'tool' && !body.tools && !thinkingOn) {
    const inputSchema = schema && schema.type === 'object' ? schema : undefined;
    if (inputSchema || !schema) {
      body.tools = [
        {
          name: JSON_TOOL_NAME,
          description: rf.type === 'json_schema' ? (rf.json_schema.description ?? 'Respond with the answer.') : 'Respond with the answer.',
          input_schema: inputSchema ?? { type: 'object', additionalProperties: true },
        },
      ];
      body.tool_choice = { type: 'tool', name: JSON_TOOL_NAME };
      return;
    }
  }
  const instruction: AnthropicTextBlock = { type: 'text', text: jsonInstruction(schema) };
  if (body.system === undefined) body.system = instruction.text;
  else if (typeof body.system === 'string') body.system = `${body.system}\n\n${instruction.text}`;
  else body.system = [...body.system, instruction];
}

export function buildMessagesBody(req: ChatRequest, call: UpstreamCall<AnthropicOptions>): AnthropicMessagesRequest {
  if (typeof req.n === 'number' && req.n > 1) {
    throw new SwitchyardError('SY_ERR_UNSUPPORTED', 'Anthropic returns one choice per request: n must be 1', { param: 'n' });
  }
  const { system, messages } = toAnthropicPrompt(req.messages);
  const thinking = thinkingOf(req);
  let maxTokens = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  if (maxTokens == null) {
    maxTokens = call.options.defaultMaxTokens;
    // budget_tokens must be below max_tokens; a default must not make a valid request invalid.
    if (thinking?.type === 'enabled' && thinking.budget_tokens >= maxTokens) maxTokens = thinking.budget_tokens + maxTokens;
  }
  const body: AnthropicMessagesRequest = { model: call.model, max_tokens: maxTokens, messages };
  if (system !== undefined) body.system = system;
  const thinkingOn = thinking !== undefined && thinking.type !== 'disabled';
  if (thinking) body.thinking = thinking;
  // With thinking on, Anthropic accepts no temperature/top_k changes and top_p only >= 0.95.
  if (!call.options.omitSampling) {
    if (req.temperature != null && !thinkingOn) body.temperature = Math.min(req.temperature, 1);
    if (req.top_p != null && (!thinkingOn || req.top_p >= 0.95)) body.top_p = req.top_p;
    if (typeof req.top_k === 'number' && !thinkingOn) body.top_k = req.top_k;
  }
  const stop = req.stop == null ? [] : (Array.isArray(req.stop) ? req.stop : [req.stop]).filter((s) => s !== '');
  if (stop.length) body.stop_sequences = stop;
  if (req.user) body.metadata = { user_id: req.user };
  if (req.tools?.length) {
    body.tools = req.tools.map(toAnthropicTool);
    const choice = toolChoiceOf(req);
    if (choice) body.tool_choice = choice;
  }
  applyJsonMode(body, req, call.options);
  // Fields an Anthropic client sent that the canonical format does not model (see the inbound
  // translation) pass through, without overriding anything built above.
  const extra = req.anthropic_extra;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
    for (const [k, v] of Object.entries(extra)) if (!(k in body)) (body as unknown as Record<string, unknown>)[k] = v;
  }
  if (call.stream) body.stream = true;
  return body;
}

export function buildMessagesRequest(req: ChatRequest, call: UpstreamCall<AnthropicOptions>): UpstreamRequest {
  const o = call.options;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: call.stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': o.version,
  };
  if (o.apiKey) headers['x-api-key'] = o.apiKey;
  if (o.beta.length) headers['anthropic-beta'] = o.beta.join(',');
  Object.assign(headers, o.headers);
  return {
    url: `${o.baseUrl.replace(/\/+$/, '')}/messages`,
    method: 'POST',
    headers,
    body: JSON.stringify(buildMessagesBody(req, call)),
  };
}
