/**
 * @module Upstream error bodies -> UpstreamErrorInfo (HTTP errors) or a SwitchyardError (errors inside
 * a 200 stream). Reads OpenAI's `{ error: { message, type, code } }` and the shapes compatible servers
 * use instead (`{ error: "..." }`, `{ message, type }`, FastAPI's `{ detail }`, plain text, HTML pages).
 */
import { SwitchyardError } from '../errors.js';
import { isRetryableStatus, parseRetryAfter, type UpstreamErrorInfo } from '../provider.js';
import { scrubSecrets } from '../router/secret-scrubber.js';

const MAX_MESSAGE = 500;

export interface ErrorBodyReading {
  message: string | undefined;
  /** The upstream's code, else its type: what a client can branch on. */
  code: string | undefined;
  type: string | undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function textMessage(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  // Proxies and load balancers answer with HTML pages; their title is the useful part.
  if (t.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(t)?.[1]?.trim();
    if (title) return title;
  }
  const flat = t.replace(/\s+/g, ' ');
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}...` : flat;
}

/** Reads message, code and type from any error body shape; fields are undefined when absent. */
export function readErrorBody(body: unknown): ErrorBodyReading {
  if (typeof body === 'string') return { message: textMessage(body), code: undefined, type: undefined };
  if (!body || typeof body !== 'object') return { message: undefined, code: undefined, type: undefined };
  const b = body as Record<string, unknown>;
  const e = b.error;
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    const type = str(o.type);
    return { message: str(o.message), code: str(o.code) ?? type, type };
  }
  if (typeof e === 'string') return { message: e, code: str(b.code) ?? str(b.type), type: str(b.type) };
  const detail = b.detail;
  if (typeof detail === 'string') return { message: detail, code: undefined, type: undefined };
  if (detail !== undefined) return { message: JSON.stringify(detail).slice(0, MAX_MESSAGE), code: undefined, type: undefined };
  const type = str(b.type);
  return { message: str(b.message), code: str(b.code) ?? type, type };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Codes that mean "this target cannot serve the request, another may": retrying the same target is
 * futile. OpenAI answers an exhausted billing quota with 429 `insufficient_quota`.
 */
const FALLBACK_CODES = new Set(['insufficient_quota', 'model_not_found', 'DeploymentNotFound']);

/**
 * The provider `mapError` of every OpenAI-compatible provider. Retryable for 408/409/429/5xx unless
 * the upstream says otherwise with `x-should-retry` (OpenAI's SDKs honour that header too). A 404 (an
 * unknown model or deployment on this target) and an exhausted quota fall back to the next target.
 */
export function mapOpenAIError(status: number, body: unknown, headers: Record<string, string | string[] | undefined>): UpstreamErrorInfo {
  const { message, code } = readErrorBody(body);
  const fallback = status === 404 || (code !== undefined && FALLBACK_CODES.has(code));
  const should = header(headers, 'x-should-retry');
  const retryable = should === 'true' ? true : should === 'false' || fallback ? false : isRetryableStatus(status);
  const info: UpstreamErrorInfo = { message: message ?? `HTTP ${status}`, code, retryable, retryAfter: parseRetryAfter(headers) };
  if (fallback) info.fallback = true;
  return info;
}

/** True when a parsed stream payload is an error object rather than a chunk. */
export function isStreamError(payload: Record<string, unknown>): boolean {
  return Boolean(payload.error);
}

/**
 * An error reported inside a 200 answer (a stream event, or a whole body some servers send with 200),
 * as the SwitchyardError an `error` part carries.
 */
export function streamError(provider: string, payload: unknown, secrets: readonly string[], where = 'mid-stream'): SwitchyardError {
  const { message, code, type } = readErrorBody(payload);
  const text = scrubSecrets(`Provider "${provider}" failed ${where}: ${message ?? 'unknown error'}`, secrets);
  const rateLimited = code === 'rate_limit_exceeded' || type === 'rate_limit_error';
  return new SwitchyardError(rateLimited ? 'SY_ERR_RATE_LIMITED' : 'SY_ERR_UPSTREAM', text, {
    provider,
    upstreamBody: payload,
    retryable: true,
    ...(rateLimited ? { apiCode: 'upstream_rate_limited' } : {}),
  });
}

/** A stream payload that is not JSON, or not a chunk. */
export function streamProtocolError(provider: string, data: string, cause?: unknown): SwitchyardError {
  return new SwitchyardError('SY_ERR_UPSTREAM_PROTOCOL', `Provider "${provider}" sent a stream event that is not a chat chunk`, {
    provider,
    cause,
    upstreamBody: data.length > MAX_MESSAGE ? `${data.slice(0, MAX_MESSAGE)}...` : data,
    retryable: true,
  });
}
