/**
 * @module Canonical (OpenAI) chat body -> Mistral chat body. Mistral validates requests strictly and
 * answers an unknown field anywhere with a 422 `extra_forbidden`, so the body is rebuilt from the
 * fields Mistral documents instead of edited in place.
 */
import type { ChatMessage, ContentPart, ToolCall } from '@switchyard/core';
import type { MistralOptions } from './mistral-options.js';
import { toMistralToolCallId } from './mistral-tool-call-id.js';

/** Mistral's chat completion request fields (`random_seed`, `safe_prompt`, `prompt_mode`, ... included). */
const FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'metadata',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'reasoning_effort',
  'prompt_mode',
  'guardrails',
  'prompt_cache_key',
  'safe_prompt',
]);

type Json = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content) if (p && typeof p === 'object' && typeof (p as Json).text === 'string') out += (p as Json).text as string;
  return out;
}

/** System and tool content: a string, or text chunks with nothing but `type` and `text`. */
function textContent(content: unknown): string | Json[] {
  if (!Array.isArray(content)) return typeof content === 'string' ? content : '';
  return content.filter((p) => p?.type === 'text').map((p) => ({ type: 'text', text: String(p.text ?? '') }));
}

/** OpenAI user content parts -> Mistral content chunks. Unknown part types are Mistral-native ones sent on purpose. */
function userPart(part: ContentPart | Json): Json {
  const p = part as Json;
  switch (p.type) {
    case 'text':
      return { type: 'text', text: String(p.text ?? '') };
    case 'image_url': {
      const img = p.image_url as Json;
      return { type: 'image_url', image_url: img.detail ? { url: img.url, detail: img.detail } : { url: img.url } };
    }
    case 'input_audio':
      // Mistral takes the base64 string itself, not OpenAI's `{ data, format }`.
      return { type: 'input_audio', input_audio: (p.input_audio as Json).data };
    case 'file': {
      const f = p.file as Json;
      if (typeof f.file_id === 'string') return { type: 'file', file_id: f.file_id };
      if (typeof f.file_data === 'string') {
        return {
          type: 'document_url',
          document_url: f.file_data,
          ...(typeof f.filename === 'string' ? { document_name: f.filename } : {}),
        };
      }
      return p;
    }
    default:
      return p;
  }
}

function assistantContent(content: unknown): string | Json[] | undefined {
  if (typeof content === 'string') return content === '' ? undefined : content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.filter((p) => p?.type === 'text' && p.text).map((p) => ({ type: 'text', text: p.text }));
  return parts.length ? parts : undefined;
}

function toolCall(tc: ToolCall): Json {
  return { id: toMistralToolCallId(tc.id), type: 'function', function: { name: tc.function.name, arguments: tc.function.arguments } };
}

/**
 * Only the fields Mistral accepts per role: `name` leaves user and system messages, `reasoning_content`,
 * `refusal` and other providers' extensions leave assistant messages. `developer` becomes `system`.
 * Tool messages get the function `name` of the call they answer, which some Mistral models need.
 */
export function toMistralMessages(messages: readonly ChatMessage[]): Json[] {
  const callNames = new Map<string, string>();
  const out: Json[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: textContent(m.content) });
        break;
      case 'user':
        out.push({ role: 'user', content: typeof m.content === 'string' ? m.content : m.content.map(userPart) });
        break;
      case 'assistant': {
        const msg: Json = { role: 'assistant' };
        const content = assistantContent(m.content);
        const calls = m.tool_calls?.length ? m.tool_calls : undefined;
        if (content !== undefined) msg.content = content;
        else if (!calls) msg.content = '';
        if (calls) {
          for (const tc of calls) callNames.set(tc.id, tc.function.name);
          msg.tool_calls = calls.map(toolCall);
        }
        if (m.prefix === true) msg.prefix = true;
        out.push(msg);
        break;
      }
      case 'tool': {
        const msg: Json = { role: 'tool', content: textContent(m.content), tool_call_id: toMistralToolCallId(m.tool_call_id) };
        const name = typeof m.name === 'string' ? m.name : callNames.get(m.tool_call_id);
        if (name) msg.name = name;
        out.push(msg);
        break;
      }
      default:
        out.push(m as Json);
    }
  }
  // A final assistant message is a prefill; Mistral serves it only when marked as a prefix.
  const last = out.at(-1);
  if (last?.role === 'assistant' && !last.tool_calls) last.prefix = true;
  return out;
}

function toolChoice(choice: unknown): unknown {
  // `any` is Mistral's own value for "must call a tool"; `required` came later as an alias.
  return choice === 'required' ? 'any' : choice;
}

function tool(t: Json): Json {
  if (t.type !== 'function') return t;
  const f = t.function as Json;
  const fn: Json = { name: f.name };
  if (f.description !== undefined) fn.description = f.description;
  if (f.parameters !== undefined) fn.parameters = f.parameters;
  if (typeof f.strict === 'boolean') fn.strict = f.strict;
  return { type: 'function', function: fn };
}

/** Mistral knows `none` and `high`; OpenAI's finer levels map to the nearer one or are left to the model. */
function reasoningEffort(effort: unknown): string | undefined {
  if (effort === 'none' || effort === 'minimal') return 'none';
  if (effort === 'high' || effort === 'xhigh') return 'high';
  return undefined;
}

function prediction(p: unknown): unknown {
  if (!p || typeof p !== 'object') return p;
  const pred = p as Json;
  return Array.isArray(pred.content) ? { type: 'content', content: textOf(pred.content) } : pred;
}

/**
 * `seed` -> `random_seed`, `max_completion_tokens` -> `max_tokens` (it wins when both are set, as on
 * OpenAI), `tool_choice: "required"` -> `"any"`; `stream_options`, `user`, `logprobs`, `store` and every
 * other field Mistral does not know are dropped, and so are nulls (OpenAI's "unset").
 */
export function toMistralBody(body: Json, options: Pick<MistralOptions, 'safePrompt'>): Json {
  const out: Json = {};
  for (const key in body) {
    const v = body[key];
    if (v !== null && v !== undefined && FIELDS.has(key)) out[key] = v;
  }
  if (out.random_seed === undefined && typeof body.seed === 'number') out.random_seed = body.seed;
  if (typeof body.max_completion_tokens === 'number') out.max_tokens = body.max_completion_tokens;
  if (out.tool_choice !== undefined) out.tool_choice = toolChoice(out.tool_choice);
  if (Array.isArray(out.tools)) out.tools = (out.tools as Json[]).map(tool);
  if (out.reasoning_effort !== undefined) {
    const effort = reasoningEffort(out.reasoning_effort);
    if (effort === undefined) delete out.reasoning_effort;
    else out.reasoning_effort = effort;
  }
  if (out.prediction !== undefined) out.prediction = prediction(out.prediction);
  if (out.safe_prompt === undefined && options.safePrompt !== undefined) out.safe_prompt = options.safePrompt;
  out.messages = toMistralMessages(body.messages as ChatMessage[]);
  return out;
}
