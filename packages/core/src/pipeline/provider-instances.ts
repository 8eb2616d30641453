/** @module Boot-time: config `providers:` -> validated provider instances; every alias target must name one. */
import type { GatewayConfig } from '../config.js';
import { SwitchyardError } from '../errors.js';
import type { ProviderDefinition } from '../provider.js';
import { formatZodError } from '../validation.js';
import type { ProviderInstance } from './upstream-attempt.js';

export function instantiateProviders(config: GatewayConfig, types: ReadonlyMap<string, ProviderDefinition>): Map<string, ProviderInstance> {
  const providers = new Map<string, ProviderInstance>();
  for (const [name, entry] of Object.entries(config.providers)) {
    const def = types.get(entry.type);
    if (!def) {
      throw new SwitchyardError(
        'SY_ERR_PROVIDER_UNKNOWN',
        `providers.${name}.type: unknown provider type "${entry.type}" (registered: ${[...types.keys()].join(', ') || 'none'})`,
      );
    }
    const { type: _type, ...rest } = entry;
    const opts = def.options.safeParse(rest);
    if (!opts.success) {
      throw new SwitchyardError('SY_ERR_CONFIG', `Invalid provider options: ${formatZodError(opts.error, `providers.${name}`)}`);
    }
    // Secret option values are scrubbed from every upstream error message.
    const secrets = (def.secretOptions ?? ['apiKey'])
      .map((k) => (opts.data as Record<string, unknown>)[k])
      .filter((v): v is string => typeof v === 'string' && v.length >= 4);
    providers.set(name, { name, def, options: opts.data, secrets });
  }
  for (const [alias, entry] of Object.entries(config.models)) {
    entry.targets.forEach((t, i) => {
      if (!providers.has(t.provider)) {
        throw new SwitchyardError('SY_ERR_CONFIG', `models.${alias}.targets[${i}].provider: no provider named "${t.provider}"`);
      }
    });
  }
  return providers;
}
