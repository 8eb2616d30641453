/** @module Turns an upstream HTTP error response into a coded SwitchyardError, with secrets scrubbed. */
import { SwitchyardError } from '../errors.js';
import { isRetryableStatus, type ProviderDefinition, parseRetryAfter } from '../provider.js';
import type { SecretScrubber } from './secret-scrubber.js';

export type ErrorClass = 'retry' | 'fallback' | 'fail';

/**
 * A target that cannot serve the request (credentials, model unknown there): next target, never the
 * same one again, whatever the upstream hinted; 408/409/429/5xx, timeouts, connection errors: retry;
 * else fail.
 */
export function classify(err: SwitchyardError): ErrorClass {
  if (err.fallback) return 'fallback';
  if (err.retryable) return 'retry';
  return 'fail';
}

/** Bad provider credentials: no client retry either (the SDKs honour `x-should-retry`). */
const NO_CLIENT_RETRY = Object.freeze({ 'x-should-retry': 'false' });

export function upstreamHttpError(
  provider: string,
  def: ProviderDefinition,
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
  scrubber: SecretScrubber,
): SwitchyardError {
  let info: ReturnType<ProviderDefinition['mapError']>;
  try {
    info = def.mapError(status, body, headers);
  } catch {
    info = { message: `HTTP ${status}`, retryable: isRetryableStatus(status) };
  }
  const retryAfter = info.retryAfter ?? parseRetryAfter(headers);
  const message = scrubber.text(`Provider "${provider}" returned ${status}: ${info.message}`);
  const credentials = status === 401 || status === 403;
  const fallback = info.fallback === true || credentials;
  // Retrying a target that cannot serve the request is futile even when the upstream says otherwise.
  const retryable = info.retryable && !fallback;
  const common = { provider, upstreamStatus: status, upstreamBody: body, retryable, retryAfter, fallback };
  if (status === 429) {
    return new SwitchyardError('SY_ERR_RATE_LIMITED', message, { ...common, apiCode: 'upstream_rate_limited' });
  }
  if (credentials) {
    return new SwitchyardError('SY_ERR_UPSTREAM', message, { ...common, apiCode: 'upstream_auth_failed', headers: { ...NO_CLIENT_RETRY } });
  }
  if (status === 408 || status === 504) {
    return new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', message, common);
  }
  if (status >= 400 && status < 500) {
    // The caller's request was refused upstream: pass the status through so the client can fix it.
    return new SwitchyardError('SY_ERR_UPSTREAM', message, {
      ...common,
      status: status === 422 ? 400 : status,
      apiCode: scrubber.code(info.code, 'upstream_invalid_request'),
    });
  }
  return new SwitchyardError('SY_ERR_UPSTREAM', message, common);
}
