/** @module The plugin's refusals that are not plain rate limits: budgets, store outages, unpriced models. */
import { SwitchyardError, type SwitchyardErrorOptions } from '@switchyard/core';

/** 429 `budget_exceeded`. */
export function budgetExceeded(message: string, options: Pick<SwitchyardErrorOptions, 'retryAfter' | 'headers'>): SwitchyardError {
  return new SwitchyardError('SY_ERR_BUDGET_EXCEEDED', message, options);
}

/** 503 `store_unavailable` (failMode closed, Redis unreachable). */
export function storeUnavailable(cause: unknown): SwitchyardError {
  return new SwitchyardError('SY_ERR_STORE_UNAVAILABLE', 'The quota store is unavailable; try again shortly', { retryAfter: 1, cause });
}

/** 400 `model_unpriced` (`rejectUnpriced`: a USD budget applies to a model without a price). */
export function modelUnpriced(model: string): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_MODEL_UNPRICED',
    `The model \`${model}\` has no price, so its USD budget cannot be enforced; add it to the price catalog`,
    { param: 'model' },
  );
}
