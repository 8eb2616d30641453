/**
 * @module Canonical (OpenAI) messages -> Anthropic `system` + `messages`.
 *
 * - system and developer messages become the top-level `system`, in order;
 * - tool messages become `tool_result` blocks, placed first in the next user turn;
 * - consecutive turns of one role are merged into one message;
 * - assistant `tool_calls` become `tool_use` blocks with parsed JSON input;
 * - `thinking_blocks` on assistant messages (see README) are replayed verbatim before the text.
 */
import { type ChatMessage, type ContentPart, SwitchyardError } from '@switchyard/core';
import type {
  AnthropicCacheControl,
  AnthropicContentBlockParam,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic-wire-types.js';

export interface AnthropicPrompt {
  system: string | AnthropicTextBlock[] | undefined;
  messages: AnthropicMessageParam[];
}

type Turn = { role: 'user' | 'assistant'; blocks: AnthropicContentBlockParam[] };

/** Anthropic requires tool ids to match `^[a-zA-Z0-9_-]+$`; ids minted by other providers may not. */
export function toAnthropicToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function cacheControlOf(x: unknown): AnthropicCacheControl | undefined {
  const cc = (x as { cache_control?: unknown })?.cache_control;
  return cc && typeof cc === 'object' ? (cc as AnthropicCacheControl) : undefined;
}

function withCache<T extends object>(block: T, source: unknown): T {
  const cc = cacheControlOf(source);
  return cc ? { ...block, cache_control: cc } : block;
}

function textBlocks(content: string | readonly { type: 'text'; text: string }[] | null | undefined): AnthropicTextBlock[] {
  if (content == null) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const out: AnthropicTextBlock[] = [];
  for (const p of content) if (p.text) out.push(withCache({ type: 'text' as const, text: p.text }, p));
  return out;
}

const DATA_URL = /^data:([^;,]+)?((?:;[^;,]*)*?)(;base64)?,(.*)$/s;

function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const m = DATA_URL.exec(url);
  if (!m) return undefined;
  const mediaType = m[1] ?? 'text/plain';
  const data = m[3] ? (m[4] ?? '') : Buffer.from(decodeURIComponent(m[4] ?? ''), 'utf8').toString('base64');
  return { mediaType, data };
}

function imageBlock(part: Extract<ContentPart, { type: 'image_url' }>, param: string): AnthropicImageBlock {
  const url = part.image_url.url;
  if (url.startsWith('data:')) {
    const parsed = parseDataUrl(url);
    if (!parsed) throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'image_url.url is not a valid data URL', { param });
    return withCache(
      { type: 'image' as const, source: { type: 'base64' as const, media_type: parsed.mediaType, data: parsed.data } },
      part,
    );
  }
  return withCache({ type: 'image' as const, source: { type: 'url' as const, url } }, part);
}

function documentBlock(part: Extract<ContentPart, { type: 'file' }>, param: string): AnthropicDocumentBlock {
  const file = part.file as { file_data?: unknown; filename?: unknown };
  const parsed = typeof file.file_data === 'string' ? parseDataUrl(file.file_data) : undefined;
  if (!parsed) {
    throw new SwitchyardError('SY_ERR_UNSUPPORTED', 'Anthropic accepts file parts only as file_data data URLs (PDF or plain text)', {
      param,
    });
  }
  const block: AnthropicDocumentBlock = {
    type: 'document',
    source:
      parsed.mediaType === 'text/plain'
        ? { type: 'text', media_type: 'text/plain', data: Buffer.from(parsed.data, 'base64').toString('utf8') }
        : { type: 'base64', media_type: parsed.mediaType, data: parsed.data },
  };
  if (typeof file.filename === 'string') block.title = file.filename;
  return withCache(block, part);
}

function userBlocks(m: Extract<ChatMessage, { role: 'user' }>, i: number): AnthropicContentBlockParam[] {
  if (typeof m.content === 'string') return textBlocks(m.content);
  const out: AnthropicContentBlockParam[] = [];
  m.content.forEach((part, j) => {
    const param = `messages[${i}].content[${j}]`;
    switch (part.type) {
      case 'text':
        if (part.text) out.push(withCache({ type: 'text' as const, text: part.text }, part));
        break;
      case 'image_url':
        out.push(imageBlock(part, param));
        break;
      case 'file':
        out.push(documentBlock(part, param));
        break;
      case 'input_audio':
        throw new SwitchyardError('SY_ERR_UNSUPPORTED', 'Anthropic does not accept audio input', { param });
    }
  });
  return out;
}

function parseArguments(args: string, param: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'tool call arguments are not valid JSON', { param });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'tool call arguments must be a JSON object', { param });
  }
  return parsed as Record<string, unknown>;
}

function thinkingBlocks(m: Record<string, unknown>): AnthropicContentBlockParam[] {
  const raw = m.thinking_blocks;
  if (!Array.isArray(raw)) return [];
  const out: AnthropicContentBlockParam[] = [];
  for (const b of raw as Record<string, unknown>[]) {
    // Anthropic verifies signatures: a thinking block without one (e.g. reasoning from another
    // provider) would be rejected, so it is dropped.
    if (b?.type === 'thinking' && typeof b.thinking === 'string' && typeof b.signature === 'string' && b.signature) {
      out.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
    } else if (b?.type === 'redacted_thinking' && typeof b.data === 'string') {
      out.push({ type: 'redacted_thinking', data: b.data });
    }
  }
  return out;
}

function assistantBlocks(m: Extract<ChatMessage, { role: 'assistant' }>, i: number): AnthropicContentBlockParam[] {
  const out: AnthropicContentBlockParam[] = thinkingBlocks(m);
  if (typeof m.content === 'string') {
    if (m.content) out.push({ type: 'text', text: m.content });
  } else if (Array.isArray(m.content)) {
    for (const p of m.content) {
      const text = p.type === 'text' ? p.text : p.refusal;
      if (text) out.push(withCache({ type: 'text' as const, text }, p));
    }
  }
  m.tool_calls?.forEach((tc, j) => {
    const input = parseArguments(tc.function.arguments, `messages[${i}].tool_calls[${j}].function.arguments`);
    out.push(withCache({ type: 'tool_use' as const, id: toAnthropicToolId(tc.id), name: tc.function.name, input }, tc));
  });
  return out;
}

function toolResultBlock(m: Extract<ChatMessage, { role: 'tool' }>): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = {
    type: 'tool_result',
    tool_use_id: toAnthropicToolId(m.tool_call_id),
    content: typeof m.content === 'string' ? m.content : textBlocks(m.content),
  };
  if ((m as { is_error?: unknown }).is_error === true) block.is_error = true;
  return withCache(block, m);
}

function systemBlocks(m: Extract<ChatMessage, { role: 'system' | 'developer' }>): AnthropicTextBlock[] {
  return textBlocks(m.content);
}

/** One plain text block becomes a string, as most clients send it. */
function compact(blocks: AnthropicContentBlockParam[]): string | AnthropicContentBlockParam[] {
  const only = blocks[0];
  if (blocks.length === 1 && only?.type === 'text' && !only.cache_control) return only.text;
  return blocks;
}

export function toAnthropicPrompt(messages: readonly ChatMessage[]): AnthropicPrompt {
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  const push = (role: Turn['role'], blocks: AnthropicContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  };
  messages.forEach((m, i) => {
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(...systemBlocks(m));
        break;
      case 'user':
        push('user', userBlocks(m, i));
        break;
      case 'tool':
        push('user', [toolResultBlock(m)]);
        break;
      case 'assistant':
        push('assistant', assistantBlocks(m, i));
        break;
    }
  });
  const out: AnthropicMessageParam[] = turns.map((t) => {
    // tool_result blocks must come first in their user message.
    const blocks =
      t.role === 'user'
        ? [...t.blocks.filter((b) => b.type === 'tool_result'), ...t.blocks.filter((b) => b.type !== 'tool_result')]
        : t.blocks;
    return { role: t.role, content: compact(blocks) };
  });
  trimFinalAssistant(out);
  const onlySystem = system[0];
  const sys = system.length === 0 ? undefined : system.length === 1 && onlySystem && !onlySystem.cache_control ? onlySystem.text : system;
  return { system: sys, messages: out };
}

/** A final assistant turn is a prefill, and Anthropic rejects one that ends in whitespace. */
function trimFinalAssistant(messages: AnthropicMessageParam[]): void {
  const last = messages[messages.length - 1];
  if (last?.role !== 'assistant') return;
  if (typeof last.content === 'string') {
    last.content = last.content.trimEnd();
    return;
  }
  const tail = last.content[last.content.length - 1];
  if (tail?.type === 'text') tail.text = tail.text.trimEnd();
}
