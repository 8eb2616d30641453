/** @module Turns an upstream HTTP error response into a coded SwitchyardError, with secrets scrubbed. */
import { SwitchyardError } from '../errors.js';
import { isRetryableStatus, type ProviderDefinition, parseRetryAfter } from '../provider.js';

/** Removes every configured secret value from a message. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join('[redacted]');
  return out.replace(/\b(sk|pk|key)-[A-Za-z0-9_-]{8,}/g, '$1-[redacted]');
}

export type ErrorClass = 'retry' | 'fallback' | 'fail';

/** 408/409/429/5xx, timeouts, connection errors: retry; a target that cannot serve (credentials): next target; else fail. */
export function classify(err: SwitchyardError): ErrorClass {
  if (err.retryable) return 'retry';
  if (err.fallback) return 'fallback';
  return 'fail';
}

export function upstreamHttpError(
  provider: string,
  def: ProviderDefinition,
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
): SwitchyardError {
  let info: ReturnType<ProviderDefinition['mapError']>;
  try {
    info = def.mapError(status, body, headers);
  } catch {
    info = { message: `HTTP ${status}`, retryable: isRetryableStatus(status) };
  }
  const retryAfter = info.retryAfter ?? parseRetryAfter(headers);
  const message = scrubSecrets(`Provider "${provider}" returned ${status}: ${info.message}`, secrets);
  const fallback = info.fallback === true || status === 401 || status === 403;
  const common = { provider, upstreamStatus: status, upstreamBody: body, retryable: info.retryable, retryAfter, fallback };
  if (status === 429) {
    return new SwitchyardError('SY_ERR_RATE_LIMITED', message, { ...common, apiCode: 'upstream_rate_limited' });
  }
  if (status === 401 || status === 403) {
    return new SwitchyardError('SY_ERR_UPSTREAM', message, { ...common, apiCode: 'upstream_auth_failed' });
  }
  if (status === 408 || status === 504) {
    return new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', message, common);
  }
  if (status >= 400 && status < 500) {
    // The caller's request was refused upstream: pass the status through so the client can fix it.
    return new SwitchyardError('SY_ERR_UPSTREAM', message, {
      ...common,
      status: status === 422 ? 400 : status,
      apiCode: info.code ?? 'upstream_invalid_request',
    });
  }
  return new SwitchyardError('SY_ERR_UPSTREAM', message, common);
}
