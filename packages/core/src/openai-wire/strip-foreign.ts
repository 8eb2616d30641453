/**
 * @module Anthropic-only details the canonical request may carry (set by the inbound `/v1/messages`
 * translation so an Anthropic target keeps prompt caching and thinking): `cache_control` on parts
 * and tools, `thinking_blocks` and `is_error` on messages, and top-level `thinking` and
 * `anthropic_extra`. OpenAI-compatible upstreams reject them, so they are removed here; objects are
 * copied only when something is removed.
 */

const TOP_LEVEL = ['thinking', 'anthropic_extra'] as const;
const MESSAGE_LEVEL = ['thinking_blocks', 'is_error', 'cache_control'] as const;

function without<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): T {
  let out: T | undefined;
  for (const k of keys) {
    if (k in obj) {
      out ??= { ...obj };
      delete out[k];
    }
  }
  return out ?? obj;
}

function cleanList(list: unknown, keys: readonly string[]): unknown {
  if (!Array.isArray(list)) return list;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!item || typeof item !== 'object') continue;
    const cleaned = without(item as Record<string, unknown>, keys);
    if (cleaned !== item) {
      out ??= list.slice();
      out[i] = cleaned;
    }
  }
  return out ?? list;
}

export function stripAnthropicExtensions(body: Record<string, unknown>): Record<string, unknown> {
  for (const k of TOP_LEVEL) if (k in body) delete body[k];
  const messages = body.messages;
  if (Array.isArray(messages)) {
    let changed: unknown[] | undefined;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as Record<string, unknown>;
      let next = without(m, MESSAGE_LEVEL);
      const content = cleanList(next.content, ['cache_control']);
      if (content !== next.content) next = { ...next, content };
      if (next !== m) {
        changed ??= messages.slice();
        changed[i] = next;
      }
    }
    if (changed) body.messages = changed;
  }
  if (Array.isArray(body.tools)) body.tools = cleanList(body.tools, ['cache_control']);
  return body;
}
