/**
 * @module Mistral error bodies. Besides OpenAI-like `{"object":"error","message","type","code"}` and
 * `{"message":"Unauthorized"}` / `{"detail":"Unauthorized"}`, request validation failures (422) carry
 * FastAPI `detail` arrays in one of three places: top level, inside `message`, or JSON-encoded as the
 * `message` string.
 */
import type { UpstreamErrorInfo } from '@switchyard/core';

interface ValidationDetail {
  type?: unknown;
  loc?: unknown;
  msg?: unknown;
}

const SHOWN = 5;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function detailsOf(body: unknown): ValidationDetail[] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.detail)) return b.detail as ValidationDetail[];
  let m = b.message;
  if (typeof m === 'string' && m.startsWith('{')) m = parseJson(m);
  if (Array.isArray(m)) return m as ValidationDetail[];
  if (m && typeof m === 'object' && Array.isArray((m as Record<string, unknown>).detail)) {
    return (m as Record<string, unknown>).detail as ValidationDetail[];
  }
  return undefined;
}

/** `["body","messages",0,"user","name"]` + "Extra inputs are not permitted" -> `messages.0.user.name: Extra inputs are not permitted`. */
function describe(d: ValidationDetail): string {
  const loc = Array.isArray(d.loc) ? d.loc.filter((part, i) => !(i === 0 && part === 'body')).join('.') : '';
  const msg = typeof d.msg === 'string' ? d.msg : 'invalid value';
  return loc ? `${loc}: ${msg}` : msg;
}

/** Refines the base reading: validation details become one readable message, and Mistral's `type` is the code. */
export function mapMistralError(
  _status: number,
  body: unknown,
  _headers: Record<string, string | string[] | undefined>,
  base: UpstreamErrorInfo,
): UpstreamErrorInfo {
  const details = detailsOf(body);
  if (details?.length) {
    const shown = details.slice(0, SHOWN).map(describe).join('; ');
    const more = details.length > SHOWN ? ` (and ${details.length - SHOWN} more)` : '';
    const first = details[0]?.type;
    return { ...base, message: `Invalid request: ${shown}${more}`, code: typeof first === 'string' ? first : 'invalid_request_error' };
  }
  // Mistral's `code` is a number ("1300"); its `type` (`rate_limited`, `invalid_request_error`) tells a client more.
  const type = body && typeof body === 'object' ? (body as Record<string, unknown>).type : undefined;
  return typeof type === 'string' && type !== '' ? { ...base, code: type } : base;
}
