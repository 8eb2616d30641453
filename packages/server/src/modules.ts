/**
 * @module Finds provider and plugin packages named in config that the host did not register,
 * resolving them from the working directory and the config file's directory.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPlugin, type PluginDefinition, type ProviderDefinition, SwitchyardError } from '@switchyard/core';

async function importFrom(dirs: readonly string[], candidates: readonly string[]): Promise<Record<string, unknown> | undefined> {
  for (const name of candidates) {
    for (const dir of dirs) {
      let resolved: string;
      try {
        resolved = createRequire(join(dir, 'noop.js')).resolve(name);
      } catch {
        continue;
      }
      return (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
    }
  }
  return undefined;
}

function isProvider(v: unknown, type: string): v is ProviderDefinition {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as ProviderDefinition).type === type &&
    typeof (v as ProviderDefinition).toUpstream === 'function'
  );
}

export async function loadProvider(type: string, dirs: readonly string[]): Promise<ProviderDefinition> {
  const candidates = type.startsWith('@') || type.includes('/') ? [type] : [`@switchyard/provider-${type}`, `switchyard-provider-${type}`];
  const mod = await importFrom(dirs, candidates);
  const found =
    mod &&
    [mod.default, ...Object.values(mod)].find(
      (v) => typeof v === 'object' && v !== null && typeof (v as ProviderDefinition).toUpstream === 'function',
    );
  if (!found || (!isProvider(found, type) && !type.includes('/'))) {
    throw new SwitchyardError(
      'SY_ERR_PROVIDER_UNKNOWN',
      `Unknown provider type "${type}": install ${candidates[0]} or register it with the server`,
    );
  }
  return found as ProviderDefinition;
}

export async function loadPlugin(name: string, dirs: readonly string[]): Promise<PluginDefinition> {
  const candidates =
    name.startsWith('@') || name.includes('/') ? [name] : [`@switchyard/plugin-${name}`, `switchyard-plugin-${name}`, name];
  const mod = await importFrom(dirs, candidates);
  const found = mod && [mod.default, ...Object.values(mod)].find(isPlugin);
  if (!found) {
    throw new SwitchyardError('SY_ERR_PLUGIN_INVALID', `plugins.${name}: no plugin found (tried ${candidates.join(', ')})`);
  }
  return found;
}
