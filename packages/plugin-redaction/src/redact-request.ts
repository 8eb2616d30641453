/**
 * @module Walks a canonical request by scope and masks its texts, copy-on-write: unchanged messages
 * and requests are returned as they came (no allocation when nothing is found), changed ones are
 * new objects, so a caller's or a cache's copy is never modified.
 *
 * Scopes: `system` = system and developer messages; `messages` = user and assistant text (with
 * assistant reasoning) and embeddings input; `tool_arguments` = assistant `tool_calls[].function.arguments`
 * (JSON-aware: stays valid JSON); `tool_results` = `role: tool` messages (JSON-aware when they look
 * like JSON).
 */
import type { ChatMessage, ChatRequest, EmbeddingsRequest, GatewayRequest } from '@switchyard/core';
import type { RedactionScope } from './options.js';
import type { RequestRedaction } from './request-redaction.js';

export interface ScopeSet {
  system: boolean;
  messages: boolean;
  toolArguments: boolean;
  toolResults: boolean;
}

export function scopeSet(scopes: readonly RedactionScope[]): ScopeSet {
  return {
    system: scopes.includes('system'),
    messages: scopes.includes('messages'),
    toolArguments: scopes.includes('tool_arguments'),
    toolResults: scopes.includes('tool_results'),
  };
}

type Mask = (text: string) => string;
type Part = { type: string; text?: unknown; [k: string]: unknown };

/** String content, or an array of parts whose `text` parts are masked (images and files pass as they are). */
function content<C>(value: C, mask: Mask): C {
  if (typeof value === 'string') return mask(value) as C;
  if (!Array.isArray(value)) return value;
  let out: Part[] | undefined;
  value.forEach((part: Part, i) => {
    if (part?.type !== 'text' || typeof part.text !== 'string') return;
    const text = mask(part.text);
    if (text === part.text) return;
    out ??= value.slice();
    out[i] = { ...part, text };
  });
  return (out ?? value) as C;
}

function assistant(m: Extract<ChatMessage, { role: 'assistant' }>, r: RequestRedaction, scope: ScopeSet): ChatMessage {
  let next: Record<string, unknown> | undefined;
  const set = (key: string, value: unknown) => {
    next ??= { ...m };
    next[key] = value;
  };
  if (scope.messages) {
    const mask: Mask = (t) => r.text(t);
    const c = content(m.content, mask);
    if (c !== m.content) set('content', c);
    const reasoning = (m as Record<string, unknown>).reasoning_content;
    if (typeof reasoning === 'string') {
      const masked = r.text(reasoning);
      if (masked !== reasoning) set('reasoning_content', masked);
    }
    const thinking = (m as Record<string, unknown>).thinking_blocks;
    if (Array.isArray(thinking)) {
      const blocks = thinking.map((b: Record<string, unknown>) => {
        if (typeof b?.thinking !== 'string') return b;
        const masked = r.text(b.thinking);
        return masked === b.thinking ? b : { ...b, thinking: masked };
      });
      if (blocks.some((b, i) => b !== thinking[i])) set('thinking_blocks', blocks);
    }
  }
  if (scope.toolArguments && m.tool_calls) {
    let calls: typeof m.tool_calls | undefined;
    m.tool_calls.forEach((call, i) => {
      const args = r.json(call.function.arguments);
      if (args === call.function.arguments) return;
      calls ??= m.tool_calls?.slice();
      (calls as NonNullable<typeof calls>)[i] = { ...call, function: { ...call.function, arguments: args } };
    });
    if (calls) set('tool_calls', calls);
  }
  return (next ?? m) as ChatMessage;
}

function message(m: ChatMessage, r: RequestRedaction, scope: ScopeSet): ChatMessage {
  switch (m.role) {
    case 'system':
    case 'developer': {
      if (!scope.system) return m;
      const c = content(m.content, (t) => r.text(t));
      return c === m.content ? m : ({ ...m, content: c } as ChatMessage);
    }
    case 'user': {
      if (!scope.messages) return m;
      const c = content(m.content, (t) => r.text(t));
      return c === m.content ? m : { ...m, content: c };
    }
    case 'tool': {
      if (!scope.toolResults) return m;
      const c = content(m.content, (t) => r.auto(t));
      return c === m.content ? m : { ...m, content: c };
    }
    case 'assistant':
      return assistant(m, r, scope);
    default:
      return m;
  }
}

function chat(req: ChatRequest, r: RequestRedaction, scope: ScopeSet): ChatRequest {
  let messages: ChatMessage[] | undefined;
  req.messages.forEach((m, i) => {
    const next = message(m, r, scope);
    if (next === m) return;
    messages ??= req.messages.slice();
    messages[i] = next;
  });
  return messages ? { ...req, messages } : req;
}

function embeddings(req: EmbeddingsRequest, r: RequestRedaction, scope: ScopeSet): EmbeddingsRequest {
  if (!scope.messages) return req;
  const input = req.input as unknown;
  if (typeof input === 'string') {
    const masked = r.text(input);
    return masked === input ? req : { ...req, input: masked };
  }
  if (!Array.isArray(input) || typeof input[0] !== 'string') return req;
  const masked = (input as string[]).map((t) => r.text(t));
  return masked.some((t, i) => t !== input[i]) ? ({ ...req, input: masked } as EmbeddingsRequest) : req;
}

/** The request with every in-scope text masked; the same object when nothing changed. */
export function redactRequest(req: GatewayRequest, r: RequestRedaction, scope: ScopeSet): GatewayRequest {
  return 'messages' in req ? chat(req as ChatRequest, r, scope) : embeddings(req as EmbeddingsRequest, r, scope);
}
