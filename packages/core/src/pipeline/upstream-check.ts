/**
 * @module What a 2xx answer must look like before the gateway trusts it: a content type that fits
 * what was asked for, no content encoding it did not ask for, and no error object in a "success".
 * Anything else is `upstream_invalid_response`, never an empty success.
 */
import { SwitchyardError } from '../errors.js';
import type { ProviderInstance } from './provider-instances.js';

export type Expected = 'json' | 'sse' | 'ndjson';

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json';
}

const ACCEPTS: Record<Expected, (type: string) => boolean> = {
  // Some self-hosted servers label JSON as text/plain; the body is still parsed and checked.
  json: (t) => isJsonType(t) || t === 'text/plain',
  sse: (t) => t === 'text/event-stream',
  ndjson: (t) => isJsonType(t) || t === 'application/x-ndjson' || t === 'application/jsonl' || t === 'text/plain',
};

const WHAT: Record<Expected, string> = { json: 'JSON', sse: 'an event stream', ndjson: 'JSON lines' };

/**
 * Why these response headers do not fit what was asked for, or undefined when they do. A missing
 * content type passes: the body is checked instead.
 */
export function headerProblem(headers: Record<string, string | string[] | undefined>, expected: Expected): string | undefined {
  const encoding = header(headers, 'content-encoding')?.trim().toLowerCase();
  // The gateway sends no accept-encoding, so an encoded body is one it cannot read.
  if (encoding && encoding !== 'identity') return `a body encoded with "${encoding.slice(0, 32)}" it did not ask for`;
  const type = header(headers, 'content-type')?.split(';', 1)[0]?.trim().toLowerCase();
  if (!type || ACCEPTS[expected](type)) return undefined;
  return `"${type.slice(0, 64)}" instead of ${WHAT[expected]}`;
}

/** True for a body that is an error report (OpenAI, Anthropic and Google all put it under `error`). */
export function isErrorObject(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && Boolean((body as Record<string, unknown>).error);
}

/**
 * A 2xx answer the gateway cannot use. Retryable, and to the next target: the same target would
 * most likely answer the same way.
 */
export function invalidResponse(inst: ProviderInstance, what: string, upstreamBody?: unknown, status = 200): SwitchyardError {
  return new SwitchyardError('SY_ERR_UPSTREAM_INVALID_RESPONSE', `Provider "${inst.name}" answered ${status} with ${what}`, {
    provider: inst.name,
    upstreamStatus: status,
    upstreamBody,
    retryable: true,
    fallback: true,
  });
}
