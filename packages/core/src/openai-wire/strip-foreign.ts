/**
 * @module Inbound-dialect details the canonical request may carry, which OpenAI-compatible upstreams
 * reject, removed here; objects are copied only when something is removed.
 * - Anthropic (set by `/v1/messages` so an Anthropic target keeps prompt caching and thinking):
 *   `cache_control` on parts and tools, `thinking_blocks` and `is_error` on messages, and top-level
 *   `thinking` and `anthropic_extra`.
 * - OpenAI Responses (set by `/v1/responses` so a Responses-native target gets the request as sent):
 *   `responses_*` keys on messages and parts, and top-level `responses_extra`.
 */

const TOP_LEVEL = ['thinking', 'anthropic_extra', 'responses_extra'] as const;
const MESSAGE_LEVEL = [
  'thinking_blocks',
  'is_error',
  'cache_control',
  'responses_items',
  'responses_before',
  'responses_after',
  'responses_instructions',
  'responses_synthetic',
] as const;
const PART_LEVEL = ['cache_control', 'responses_part'] as const;

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

/** Named for its first use; strips every inbound dialect's extension keys listed above. */
export function stripAnthropicExtensions(body: Record<string, unknown>): Record<string, unknown> {
  for (const k of TOP_LEVEL) if (k in body) delete body[k];
  const messages = body.messages;
  if (Array.isArray(messages)) {
    let changed: unknown[] | undefined;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as Record<string, unknown>;
      let next = without(m, MESSAGE_LEVEL);
      const content = cleanList(next.content, PART_LEVEL);
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
