/**
 * @module What the mock says to a chat request: text or tool calls, reasoning, finish reason and usage.
 * Pure and deterministic: the same request and behaviour give the same reply.
 *
 * Tool rule: when the request offers tools (`tool_choice` is not `none`) and its last message is not
 * a tool result, the mock calls tools if the model's script has `toolCalls`, the name has `tools`, or
 * `tool_choice` is `required` or names a function. Unscripted calls go to the forced function, else
 * the first tool, with arguments made from its JSON schema: the input text for strings, 1 for numbers,
 * true for booleans, the first value of an enum. After tool results the mock answers with text.
 */
import type { FinishReason, Usage } from '@switchyard/core';
import type { MockBehaviour } from './behaviour.js';
import { hashId } from './hash.js';
import { countWords, lorem, wordPieces } from './words.js';

/** The request fields the mock reads; everything is checked before use. */
export interface MockChatBody {
  model: string;
  messages: { role?: unknown; content?: unknown; tool_calls?: unknown }[];
  tools?: unknown;
  tool_choice?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  stop?: unknown;
  stream?: unknown;
  stream_options?: unknown;
}

export interface MockToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface MockReply {
  reasoning: string;
  text: string;
  toolCalls: MockToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const p of content) if (p && typeof p === 'object' && typeof p.text === 'string') texts.push(p.text);
  return texts.join('\n');
}

/** The text the mock responds to: trailing tool results, else the last user message. */
function inputText(messages: MockChatBody['messages']): { text: string; afterTools: boolean } {
  const last = messages[messages.length - 1];
  if (last?.role === 'tool') {
    const results: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--) results.unshift(textOf(messages[i]?.content));
    return { text: results.join('\n'), afterTools: true };
  }
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]?.role === 'user') return { text: textOf(messages[i]?.content), afterTools: false };
  return { text: '', afterTools: false };
}

function promptWords(messages: MockChatBody['messages']): number {
  let n = 0;
  for (const m of messages) {
    n += countWords(textOf(m.content));
    if (Array.isArray(m.tool_calls)) for (const tc of m.tool_calls) n += countWords(String(tc?.function?.arguments ?? ''));
  }
  return n;
}

interface ToolDef {
  name: string;
  parameters: Record<string, unknown> | undefined;
}

function offeredTools(body: MockChatBody): ToolDef[] {
  if (!Array.isArray(body.tools) || body.tool_choice === 'none') return [];
  const out: ToolDef[] = [];
  for (const t of body.tools) {
    const fn = t?.function;
    if (fn && typeof fn.name === 'string')
      out.push({ name: fn.name, parameters: fn.parameters && typeof fn.parameters === 'object' ? fn.parameters : undefined });
  }
  return out;
}

function forcedTool(choice: unknown): string | undefined {
  if (!choice || typeof choice !== 'object') return undefined;
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  return typeof name === 'string' ? name : undefined;
}

function valueFor(schema: unknown, input: string): unknown {
  const s = (schema && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return argumentsFor(s, input);
    default:
      return input;
  }
}

/** Every required property (all properties when none are required), filled deterministically. */
function argumentsFor(schema: Record<string, unknown> | undefined, input: string): Record<string, unknown> {
  const props = schema?.properties && typeof schema.properties === 'object' ? (schema.properties as Record<string, unknown>) : {};
  const required = Array.isArray(schema?.required)
    ? (schema.required as unknown[]).filter((k) => typeof k === 'string')
    : Object.keys(props);
  const out: Record<string, unknown> = {};
  for (const key of required as string[]) out[key] = valueFor(props[key], input);
  return out;
}

function toolCallsFor(body: MockChatBody, b: MockBehaviour, input: string, tools: ToolDef[]): { name: string; arguments: string }[] {
  if (b.script?.toolCalls) {
    return b.script.toolCalls.map((c) => ({
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
    }));
  }
  const forced = forcedTool(body.tool_choice);
  const tool = (forced && tools.find((t) => t.name === forced)) || (forced ? { name: forced, parameters: undefined } : tools[0]);
  return tool ? [{ name: tool.name, arguments: JSON.stringify(argumentsFor(tool.parameters, input)) }] : [];
}

function stops(stop: unknown): string[] {
  if (typeof stop === 'string') return stop ? [stop] : [];
  return Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

function limit(v: unknown): number | undefined {
  return typeof v === 'number' && v > 0 ? Math.floor(v) : undefined;
}

export function planReply(body: MockChatBody, b: MockBehaviour): MockReply {
  const { text: input, afterTools } = inputText(body.messages);
  const tools = offeredTools(body);
  const callTools =
    !afterTools &&
    tools.length > 0 &&
    (b.script?.toolCalls !== undefined || b.tools || body.tool_choice === 'required' || forcedTool(body.tool_choice) !== undefined);
  const s = b.script;
  const reasoning = s?.reasoning ?? (b.think ? `Thinking about: ${input}` : '');
  let text = '';
  let toolCalls: MockToolCall[] = [];
  let finishReason: FinishReason = 'stop';
  if (callTools) {
    const seed = `${body.model}\n${body.messages.length}\n${input}`;
    toolCalls = toolCallsFor(body, b, input, tools).map((c, i) => ({ ...c, id: `call_${hashId(`${seed}\n${i}\n${c.name}`)}` }));
    finishReason = 'tool_calls';
  } else {
    if (s?.replies) {
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      text = s.replies[turn % s.replies.length] as string;
    } else if (s?.reply !== undefined) text = s.reply;
    else if (b.lorem > 0) text = lorem(b.lorem);
    else text = input;
    for (const stop of stops(body.stop)) {
      const at = text.indexOf(stop);
      if (at !== -1) text = text.slice(0, at);
    }
    const max = limit(body.max_completion_tokens) ?? limit(body.max_tokens);
    if (max !== undefined && countWords(text) > max) {
      text = wordPieces(text).slice(0, max).join('').trimEnd();
      finishReason = 'length';
    }
  }
  if (s?.finishReason) finishReason = s.finishReason;
  const reasoningTokens = countWords(reasoning);
  let completion = reasoningTokens + countWords(text);
  for (const c of toolCalls) completion += countWords(c.arguments);
  const prompt = promptWords(body.messages);
  const usage: Usage = s?.usage
    ? { ...s.usage, total_tokens: s.usage.prompt_tokens + s.usage.completion_tokens }
    : { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (reasoningTokens > 0 && !s?.usage) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  return { reasoning, text, toolCalls, finishReason, usage };
}
