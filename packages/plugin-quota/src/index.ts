/** @module @switchyard/plugin-quota: rate limits, token limits, concurrency and USD budgets; memory or Redis. */
import { quotaPlugin } from './quota-plugin.js';

export {
  LimitSchema,
  type QuotaLimit,
  type QuotaLimitInput,
  type QuotaOptions,
  type QuotaOptionsInput,
  QuotaOptionsSchema,
  type ScopeName,
} from './options.js';
export { quotaPlugin };
export default quotaPlugin;
