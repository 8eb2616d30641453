/** @module Boot-time: config `providers:` -> validated provider instances; every alias target must name one. */
import type { GatewayConfig } from '../config.js';
import { SwitchyardError } from '../errors.js';
import type { ProviderDefinition } from '../provider.js';
import { SecretScrubber } from '../router/secret-scrubber.js';
import { formatZodError } from '../validation.js';

/** A configured provider: its definition, validated options, secret scrubber and socket pool size. */
export interface ProviderInstance {
  name: string;
  def: ProviderDefinition;
  options: unknown;
  /** Scrubs this provider's secrets from every error it produces. */
  scrubber: SecretScrubber;
  /** Sockets for its upstream origin. */
  connections: number;
}

function headerValues(options: Record<string, unknown>): string[] {
  const headers = options.headers;
  if (!headers || typeof headers !== 'object') return [];
  return Object.values(headers).filter((v): v is string => typeof v === 'string');
}

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
    const { type: _type, connections, ...rest } = entry;
    const opts = def.options.safeParse(rest);
    if (!opts.success) {
      throw new SwitchyardError('SY_ERR_CONFIG', `Invalid provider options: ${formatZodError(opts.error, `providers.${name}`)}`);
    }
    const options = opts.data as Record<string, unknown>;
    // Secret option values and operator-set header values are scrubbed from every upstream error.
    const secrets = (def.secretOptions ?? ['apiKey']).map((k) => options[k]).filter((v): v is string => typeof v === 'string');
    providers.set(name, {
      name,
      def,
      options: opts.data,
      scrubber: new SecretScrubber(secrets, headerValues(options)),
      connections: connections ?? config.router.connections,
    });
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
