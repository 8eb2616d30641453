/**
 * @module The plugin's own errors. Messages name detectors, never a matched value, and carry no
 * cause (a detector's exception may quote the text it was reading).
 */
import { SwitchyardError } from '@switchyard/core';

/** 400 `redaction_blocked`: a detector in `block` mode found something. */
export function redactionBlocked(detectors: readonly string[]): SwitchyardError {
  const list = detectors.join(', ');
  return new SwitchyardError(
    'SY_ERR_INVALID_REQUEST',
    `The request was blocked because it contains sensitive data (${detectors.length > 1 ? 'detectors' : 'detector'}: ${list}); remove it and retry`,
    { apiCode: 'redaction_blocked' },
  );
}

/** 500 `redaction_failed`: a detector threw. Fails closed: nothing was sent upstream. */
export function detectorFailed(detector: string, err: unknown): SwitchyardError {
  const kind = err instanceof Error ? err.name : typeof err;
  return new SwitchyardError('SY_ERR_INTERNAL', `Redaction failed in detector "${detector}" (${kind}); the request was not sent upstream`, {
    apiCode: 'redaction_failed',
  });
}

/** 500 `redaction_failed`: scanning took longer than `maxScanMs`. Fails closed. */
export function scanBudgetExceeded(maxScanMs: number): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_INTERNAL',
    `Redaction did not finish within its ${maxScanMs} ms budget (maxScanMs); the request was not sent upstream`,
    { apiCode: 'redaction_failed' },
  );
}
