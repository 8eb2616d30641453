/**
 * @module Tool-call ids the gateway can rely on. Self-hosted servers send ids that are missing, empty,
 * `"null"`, or not unique across turns (TGI answers `"0"` for every call); clients and other
 * providers pair calls with results by id, so such ids are replaced.
 */
import { createHash } from 'node:crypto';

const PLACEHOLDERS = new Set(['null', 'none', 'undefined', 'nil']);

/** True for ids too weak to pair a call with its result across a conversation. */
export function isOddToolCallId(id: unknown): boolean {
  if (typeof id !== 'string') return true;
  const t = id.trim();
  return t.length < 4 || PLACEHOLDERS.has(t.toLowerCase());
}

/**
 * `call_` and 24 url-safe characters of a hash of what identifies the call (response id, creation
 * time, position, name, ...): the same response always yields the same ids, so a cached or replayed
 * response still matches its tool results.
 */
export function stableToolCallId(...parts: readonly (string | number)[]): string {
  return `call_${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 24)}`;
}
