/**
 * @module Finds provider and plugin packages named in config that the host did not register,
 * resolving them from the working directory and the config file's directory. Resolving runs no code;
 * importing does (see `check-config --load-plugins`).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPlugin, type PluginDefinition, type ProviderDefinition, SwitchyardError } from '@switchyard/core';

/** The file the first resolvable candidate points to, without loading it. */
export function resolveModule(dirs: readonly string[], candidates: readonly string[]): string | undefined {
  for (const name of candidates) {
    for (const dir of dirs) {
      try {
        return createRequire(join(dir, 'noop.js')).resolve(name);
      } catch {
        // not resolvable from this directory
      }
    }
  }
  return undefined;
}

async function importFrom(dirs: readonly string[], candidates: readonly string[]): Promise<Record<string, unknown> | undefined> {
  const resolved = resolveModule(dirs, candidates);
  return resolved === undefined ? undefined : ((await import(pathToFileURL(resolved).href)) as Record<string, unknown>);
}

/** Package names tried for `type:` of a provider. */
export function providerCandidates(type: string): string[] {
  return type.startsWith('@') || type.includes('/') ? [type] : [`@switchyard/provider-${type}`, `switchyard-provider-${type}`];
}

/** Package names (or paths) tried for a plugin named under `plugins:`. */
export function pluginCandidates(name: string): string[] {
  return name.startsWith('@') || name.includes('/') ? [name] : [`@switchyard/plugin-${name}`, `switchyard-plugin-${name}`, name];
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
  const candidates = providerCandidates(type);
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
  const candidates = pluginCandidates(name);
  const mod = await importFrom(dirs, candidates);
  const found = mod && [mod.default, ...Object.values(mod)].find(isPlugin);
  if (!found) {
    throw new SwitchyardError('SY_ERR_PLUGIN_INVALID', `plugins.${name}: no plugin found (tried ${candidates.join(', ')})`);
  }
  return found;
}
