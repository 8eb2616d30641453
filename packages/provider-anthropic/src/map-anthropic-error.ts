/**
 * @module Anthropic error bodies (`{"type":"error","error":{"type","message"},"request_id"}`) ->
 * retryability for core, and mid-stream `error` events -> SwitchyardErrors.
 */
import { isRetryableStatus, parseRetryAfter, SwitchyardError, type UpstreamErrorInfo } from '@switchyard/core';

/** The HTTP status Anthropic documents for each error type (used for mid-stream `error` events). */
export const ANTHROPIC_ERROR_STATUS: Readonly<Record<string, number>> = Object.freeze({
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
});

interface ErrorFields {
  type: string | undefined;
  message: string | undefined;
  details: Record<string, unknown> | undefined;
}

function fields(body: unknown): ErrorFields {
  const e = (body as { error?: { type?: unknown; message?: unknown; details?: unknown } })?.error;
  return {
    type: typeof e?.type === 'string' ? e.type : undefined,
    message: typeof e?.message === 'string' ? e.message : undefined,
    details: e?.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined,
  };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function mapAnthropicError(
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
): UpstreamErrorInfo {
  const f = fields(body);
  const message = f.message ?? (typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : `HTTP ${status}`);
  let retryable = isRetryableStatus(status) || f.type === 'overloaded_error';
  // A monthly spend cap also arrives as 429 rate_limit_error, without retry-after: retrying cannot help.
  if (f.details?.error_code === 'enforced_spend_limit_reached') retryable = false;
  // The API's own hint, which the official SDKs honour before anything else.
  const shouldRetry = header(headers, 'x-should-retry');
  if (shouldRetry === 'true') retryable = true;
  else if (shouldRetry === 'false') retryable = false;
  return { message, code: f.type, retryable, retryAfter: parseRetryAfter(headers) };
}

/** A mid-stream `error` event. The HTTP status was already 200, so it is taken from the error type. */
export function anthropicErrorToSwitchyard(provider: string, body: unknown): SwitchyardError {
  const f = fields(body);
  const type = f.type ?? 'api_error';
  const status = ANTHROPIC_ERROR_STATUS[type] ?? 500;
  const message = `Provider "${provider}" stream failed: ${type}: ${f.message ?? 'unknown error'}`;
  const common = { provider, upstreamStatus: status, upstreamBody: body, retryable: isRetryableStatus(status) };
  if (status === 429) return new SwitchyardError('SY_ERR_RATE_LIMITED', message, { ...common, apiCode: 'upstream_rate_limited' });
  if (status === 504) return new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', message, common);
  if (status >= 400 && status < 500) return new SwitchyardError('SY_ERR_UPSTREAM', message, { ...common, status, apiCode: type });
  return new SwitchyardError('SY_ERR_UPSTREAM', message, common);
}
