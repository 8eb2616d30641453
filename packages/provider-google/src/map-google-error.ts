/**
 * @module Google error bodies -> the gateway's reading: `{"error":{"code","message","status",
 * "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}, ...]}}`.
 */
import type { UpstreamErrorInfo } from '@switchyard/core';
import type { GoogleErrorBody, GoogleErrorDetail } from './google-wire-types.js';

const RETRYABLE = new Set([429, 500, 503, 504]);

/** A protobuf JSON Duration (`"30s"`, `"1.5s"`, `"0.000250s"`) in seconds. */
export function parseGoogleDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

/** The `error` object of a Google error body; streaming errors may come wrapped in a one-element array. */
export function googleErrorOf(body: unknown): NonNullable<GoogleErrorBody['error']> | undefined {
  const b = Array.isArray(body) ? body[0] : body;
  if (typeof b !== 'object' || b === null) return undefined;
  const err = (b as GoogleErrorBody).error;
  return typeof err === 'object' && err !== null ? err : undefined;
}

function detail(details: GoogleErrorDetail[] | undefined, type: string): GoogleErrorDetail | undefined {
  return details?.find((d) => typeof d?.['@type'] === 'string' && d['@type'].endsWith(type));
}

export function mapGoogleError(status: number, body: unknown): UpstreamErrorInfo {
  const err = googleErrorOf(body);
  const retryable = RETRYABLE.has(status);
  if (!err) {
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
    return { message: text && !text.startsWith('<') ? text : `HTTP ${status}`, retryable };
  }
  const details = Array.isArray(err.details) ? err.details : undefined;
  // ErrorInfo.reason is more precise than the status: a bad key is 400 INVALID_ARGUMENT / API_KEY_INVALID.
  const reason = detail(details, 'google.rpc.ErrorInfo')?.reason;
  const code = typeof reason === 'string' ? reason : err.status;
  return {
    message: typeof err.message === 'string' && err.message ? err.message : (err.status ?? `HTTP ${status}`),
    code: code ? code.toLowerCase() : undefined,
    retryable,
    retryAfter: parseGoogleDuration(detail(details, 'google.rpc.RetryInfo')?.retryDelay),
  };
}
