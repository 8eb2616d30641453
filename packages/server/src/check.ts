/**
 * @module Validates a whole config without side effects: server keys, provider options, plugin options
 * and dependencies. Providers and plugins the host did not register are only resolved, never imported,
 * unless `loadModules` is set: importing runs code named by the config being checked.
 */
import { formatZodError, type PluginDefinition, type ProviderDefinition, resolvePlugins, SwitchyardError } from '@switchyard/core';
import type { ServerConfig } from './config.js';
import { loadPlugin, loadProvider, pluginCandidates, providerCandidates, resolveModule } from './modules.js';

export interface CheckOptions {
  providers?: readonly ProviderDefinition[];
  plugins?: readonly PluginDefinition[];
  resolveFrom?: readonly string[];
  /** Import unregistered providers and plugins to check their options (runs their code). Default false. */
  loadModules?: boolean;
}

export interface CheckResult {
  /** Every problem found, with its key path; empty when the config is valid. */
  problems: string[];
  /** What was not checked and why (modules found but not loaded). */
  notes: string[];
}

const NOT_LOADED = 'found but not loaded, so its options are not checked (--load-plugins imports it, running its code)';

export async function checkConfig(config: ServerConfig, options: CheckOptions = {}): Promise<CheckResult> {
  const problems: string[] = [];
  const notes: string[] = [];
  const dirs = options.resolveFrom ?? [process.cwd()];
  const providers = new Map((options.providers ?? []).map((p) => [p.type, p]));
  for (const [name, entry] of Object.entries(config.providers)) {
    let def = providers.get(entry.type);
    if (!def && !options.loadModules) {
      const candidates = providerCandidates(entry.type);
      const path = resolveModule(dirs, candidates);
      if (path) notes.push(`providers.${name}.type: ${entry.type} (${path}) ${NOT_LOADED}`);
      else
        problems.push(
          `providers.${name}.type: unknown provider type "${entry.type}": install ${candidates[0]} or register it with the server`,
        );
      continue;
    }
    if (!def) {
      try {
        def = await loadProvider(entry.type, dirs);
        providers.set(entry.type, def);
      } catch (e) {
        problems.push(`providers.${name}.type: ${(e as Error).message}`);
        continue;
      }
    }
    const { type: _t, ...rest } = entry;
    const r = def.options.safeParse(rest);
    if (!r.success) problems.push(formatZodError(r.error, `providers.${name}`));
  }
  for (const [alias, entry] of Object.entries(config.models)) {
    entry.targets.forEach((t, i) => {
      if (!Object.hasOwn(config.providers, t.provider))
        problems.push(`models.${alias}.targets[${i}].provider: no provider named "${t.provider}"`);
    });
  }
  const offered = new Map((options.plugins ?? []).map((p) => [p.name, p]));
  const regs = [];
  let complete = true;
  for (const [name, opts] of Object.entries(config.plugins)) {
    const known = offered.get(name);
    if (!known && !options.loadModules) {
      complete = false;
      const candidates = pluginCandidates(name);
      const path = resolveModule(dirs, candidates);
      if (path) notes.push(`plugins.${name}: ${path} ${NOT_LOADED}`);
      else problems.push(`plugins.${name}: no plugin found (tried ${candidates.join(', ')})`);
      continue;
    }
    try {
      regs.push({ plugin: known ?? (await loadPlugin(name, dirs)), options: opts ?? {} });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  try {
    resolvePlugins(regs);
  } catch (e) {
    // Without every plugin loaded, a missing dependency may be one that was not loaded.
    if (complete || !SwitchyardError.isInstance(e) || e.code !== 'SY_ERR_PLUGIN_DEPENDENCY') {
      problems.push(SwitchyardError.isInstance(e) ? e.message : String(e));
    }
  }
  return { problems, notes };
}
