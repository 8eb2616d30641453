/**
 * @module Anthropic Messages request -> canonical (OpenAI) ChatRequest: the inverse of the
 * Anthropic provider's translation, so a request that goes Anthropic -> canonical -> Anthropic
 * arrives upstream as sent. Anthropic-only details ride on documented extension keys that the
 * canonical schema keeps (`cache_control`, `is_error`, `thinking_blocks`, `thinking`, `top_k`).
 */
import { type ChatMessage, type ChatRequest, type ContentPart, SwitchyardError, type Tool, type ToolCall } from '@switchyard/core';
import type { AnthropicMessageIn, AnthropicToolIn, CountTokensRequest, MessagesRequest } from './messages-request-schema.js';

export interface AnthropicToCanonicalOptions {
  /**
   * Anthropic-defined tools (web_search, bash, text_editor, ...) have no canonical form: `reject`
   * (default) answers 400 naming them; `drop` removes them and serves the request without them.
   */
  serverTools?: 'reject' | 'drop';
}

type Block = Record<string, any>;
type TextPart = { type: 'text'; text: string; cache_control?: unknown };

function withCache<T extends object>(target: T, block: object): T {
  const cc = (block as { cache_control?: unknown }).cache_control;
  return cc ? { ...target, cache_control: cc } : target;
}

function unsupported(what: string, param: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_UNSUPPORTED', `${what} is not supported by this gateway`, { param });
}

function textPart(b: Block): TextPart {
  return withCache({ type: 'text' as const, text: String(b.text) }, b);
}

function imagePart(b: Block, param: string): ContentPart {
  const src = b.source as { type: string; media_type?: string; data?: string; url?: string };
  if (src.type === 'base64') return withCache({ type: 'image_url', image_url: { url: `data:${src.media_type};base64,${src.data}` } }, b);
  if (src.type === 'url') return withCache({ type: 'image_url', image_url: { url: String(src.url) } }, b);
  throw unsupported(`image source type "${src.type}" (Files API)`, `${param}.source`);
}

function documentPart(b: Block, param: string): ContentPart {
  const src = b.source as { type: string; media_type?: string; data?: string };
  let fileData: string;
  if (src.type === 'base64') fileData = `data:${src.media_type};base64,${src.data}`;
  else if (src.type === 'text') fileData = `data:text/plain;base64,${Buffer.from(String(src.data), 'utf8').toString('base64')}`;
  else throw unsupported(`document source type "${src.type}"`, `${param}.source`);
  const file: Record<string, unknown> = { file_data: fileData };
  if (typeof b.title === 'string') file.filename = b.title;
  return withCache({ type: 'file', file }, b);
}

/** Single plain text collapses to a string, as clients usually send it. */
function collapse(parts: TextPart[]): string | TextPart[] {
  const only = parts[0];
  if (parts.length === 0) return '';
  if (parts.length === 1 && only && !only.cache_control) return only.text;
  return parts;
}

function collapseUser(parts: ContentPart[]): string | ContentPart[] {
  const only = parts[0] as (ContentPart & { cache_control?: unknown }) | undefined;
  if (parts.length === 1 && only?.type === 'text' && !only.cache_control) return only.text;
  return parts;
}

function toolResult(b: Block, param: string): { tool: ChatMessage; images: ContentPart[] } {
  const texts: TextPart[] = [];
  const images: ContentPart[] = [];
  if (Array.isArray(b.content)) {
    b.content.forEach((c: Block, k: number) => {
      if (c.type === 'text') texts.push(textPart(c));
      // A canonical tool message holds text only: images in a result follow it in the user turn.
      else if (c.type === 'image') images.push(imagePart(c, `${param}.content[${k}]`));
      else throw unsupported(`tool_result content block "${c.type}"`, `${param}.content[${k}]`);
    });
  }
  const tool: Record<string, unknown> = {
    role: 'tool',
    tool_call_id: String(b.tool_use_id),
    content: typeof b.content === 'string' ? b.content : collapse(texts),
  };
  if (b.is_error === true) tool.is_error = true;
  if (b.cache_control) tool.cache_control = b.cache_control;
  return { tool: tool as ChatMessage, images };
}

function userMessages(m: AnthropicMessageIn, i: number): ChatMessage[] {
  if (typeof m.content === 'string') return [{ role: 'user', content: m.content }];
  const tools: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  m.content.forEach((raw, j) => {
    const b = raw as Block;
    const param = `messages[${i}].content[${j}]`;
    switch (b.type) {
      case 'text':
        parts.push(textPart(b));
        break;
      case 'image':
        parts.push(imagePart(b, param));
        break;
      case 'document':
        parts.push(documentPart(b, param));
        break;
      case 'tool_result': {
        const r = toolResult(b, param);
        tools.push(r.tool);
        parts.push(...r.images);
        break;
      }
      default:
        throw unsupported(`content block "${b.type}" in a user message`, param);
    }
  });
  return parts.length ? [...tools, { role: 'user', content: collapseUser(parts) }] : tools;
}

function assistantMessage(m: AnthropicMessageIn, i: number): ChatMessage {
  if (typeof m.content === 'string') return { role: 'assistant', content: m.content };
  const texts: TextPart[] = [];
  const toolCalls: ToolCall[] = [];
  const thinking: Record<string, unknown>[] = [];
  let reasoning = '';
  m.content.forEach((raw, j) => {
    const b = raw as Block;
    switch (b.type) {
      case 'text':
        texts.push(textPart(b));
        break;
      case 'tool_use':
        toolCalls.push(
          withCache(
            { id: String(b.id), type: 'function' as const, function: { name: String(b.name), arguments: JSON.stringify(b.input ?? {}) } },
            b,
          ),
        );
        break;
      case 'thinking':
        reasoning += b.thinking;
        thinking.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
        break;
      case 'redacted_thinking':
        thinking.push({ type: 'redacted_thinking', data: b.data });
        break;
      default:
        throw unsupported(`content block "${b.type}" in an assistant message`, `messages[${i}].content[${j}]`);
    }
  });
  const msg: Record<string, unknown> = {
    role: 'assistant',
    content:
      texts.length === 0 ? (toolCalls.length ? null : '') : texts.some((t) => t.cache_control) ? texts : texts.map((t) => t.text).join(''),
  };
  if (toolCalls.length) msg.tool_calls = toolCalls;
  if (reasoning) msg.reasoning_content = reasoning;
  if (thinking.length) msg.thinking_blocks = thinking;
  return msg as ChatMessage;
}

function systemMessage(system: string | Block[]): ChatMessage {
  return { role: 'system', content: typeof system === 'string' ? system : collapse(system.map(textPart)) };
}

function isServerTool(t: AnthropicToolIn): boolean {
  return !('input_schema' in t) || (t.type != null && t.type !== 'custom');
}

function canonicalTools(tools: AnthropicToolIn[], options: AnthropicToCanonicalOptions): Tool[] {
  const out: Tool[] = [];
  tools.forEach((t, i) => {
    if (isServerTool(t)) {
      if (options.serverTools === 'drop') return;
      throw unsupported(`Anthropic-defined tool "${t.name}" (type ${t.type})`, `tools[${i}]`);
    }
    const c = t as Record<string, any>;
    const fn: Tool['function'] = { name: c.name, parameters: c.input_schema };
    if (c.description) fn.description = c.description;
    if (c.strict === true) fn.strict = true;
    out.push(withCache({ type: 'function' as const, function: fn }, c));
  });
  return out;
}

/** Prompt fields shared by `/v1/messages` and `/v1/messages/count_tokens`. */
export function anthropicPromptToCanonical(
  req: CountTokensRequest,
  options: AnthropicToCanonicalOptions = {},
): Pick<ChatRequest, 'messages' | 'tools' | 'tool_choice' | 'parallel_tool_calls' | 'response_format'> & Record<string, unknown> {
  const messages: ChatMessage[] = [];
  if (req.system !== undefined && (typeof req.system === 'string' ? req.system !== '' : req.system.length > 0)) {
    messages.push(systemMessage(req.system as string | Block[]));
  }
  req.messages.forEach((m, i) => {
    if (m.role === 'system') messages.push(systemMessage(m.content as string | Block[]));
    else if (m.role === 'user') messages.push(...userMessages(m, i));
    else messages.push(assistantMessage(m, i));
  });
  const out: ReturnType<typeof anthropicPromptToCanonical> = { messages };
  if (req.tools) {
    const tools = canonicalTools(req.tools, options);
    if (tools.length) out.tools = tools;
  }
  const tc = req.tool_choice;
  if (tc && (out.tools || tc.type === 'none')) {
    if (tc.type === 'auto') out.tool_choice = 'auto';
    else if (tc.type === 'any') out.tool_choice = 'required';
    else if (tc.type === 'none') out.tool_choice = 'none';
    else out.tool_choice = { type: 'function', function: { name: tc.name } };
    if ('disable_parallel_tool_use' in tc && tc.disable_parallel_tool_use === true) out.parallel_tool_calls = false;
  }
  if (req.thinking) out.thinking = req.thinking;
  const format = req.output_config?.format;
  if (format) out.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema, strict: true } };
  return out;
}

/** Top-level Messages fields translated above; anything else rides along in `anthropic_extra`. */
const KNOWN_FIELDS = new Set([
  'model',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'max_tokens',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'metadata',
]);

/**
 * @example
 * const chat = anthropicToCanonical(parseMessagesRequest(body));
 * const result = await gateway.runChat(chat, ctx);
 */
export function anthropicToCanonical(req: MessagesRequest, options: AnthropicToCanonicalOptions = {}): ChatRequest {
  const prompt = anthropicPromptToCanonical(req, options);
  const out: ChatRequest = { model: req.model, ...prompt, max_tokens: req.max_tokens } as ChatRequest;
  if (req.stop_sequences?.length) out.stop = req.stop_sequences;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) out.top_k = req.top_k;
  if (typeof req.metadata?.user_id === 'string') out.user = req.metadata.user_id;
  // Fields this gateway does not model (new betas such as context_management, container,
  // mcp_servers, service_tier) reach an Anthropic target untouched; other targets never see them.
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req)) if (!KNOWN_FIELDS.has(k) && v !== undefined) extra[k] = v;
  if (Object.keys(extra).length) out.anthropic_extra = extra;
  if (req.stream === true) {
    out.stream = true;
    // message_delta must carry output usage; OpenAI-shaped upstreams only send it when asked.
    out.stream_options = { include_usage: true };
  }
  return out;
}
