/**
 * @module SwitchyardError -> Anthropic error response: `{"type":"error","error":{"type","message"},"request_id"}`
 * with Anthropic's status codes (529 for overload), so the official SDK raises its typed errors
 * and applies its own retry policy.
 */
import { type SwitchyardError, toSwitchyardError } from '@switchyard/core';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id?: string;
}

export interface AnthropicErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: AnthropicErrorBody;
}

/** The Anthropic error type for an HTTP status. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/**
 * An upstream overload (Anthropic 529, or no healthy target left) answers 529 `overloaded_error`,
 * which the official SDKs retry; everything else keeps the catalog status.
 */
function statusFor(err: SwitchyardError): number {
  if (err.upstreamStatus === 529 || err.code === 'SY_ERR_NO_HEALTHY_TARGET') return 529;
  return err.status;
}

export function toAnthropicError(e: unknown, requestId?: string): AnthropicErrorResponse {
  const err = toSwitchyardError(e);
  const status = statusFor(err);
  const headers: Record<string, string> = { ...(err.headers ?? {}) };
  if (err.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(err.retryAfter));
  // The official SDKs honour this before their own status rules. An error that already says it is not
  // worth retrying (an upstream credentials failure answered as 502) keeps its own verdict.
  headers['x-should-retry'] ??= err.retryable || status === 429 || status >= 500 ? 'true' : 'false';
  const body: AnthropicErrorBody = { type: 'error', error: { type: anthropicErrorType(status), message: err.message } };
  if (requestId) body.request_id = requestId;
  return { status, headers, body };
}
