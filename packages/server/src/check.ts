/** @module Validates a whole config without side effects: server keys, provider options, plugin options and dependencies. */
import { formatZodError, type PluginDefinition, type ProviderDefinition, resolvePlugins, SwitchyardError } from '@switchyard/core';
import type { ServerConfig } from './config.js';
import { loadPlugin, loadProvider } from './modules.js';

export interface CheckOptions {
  providers?: readonly ProviderDefinition[];
  plugins?: readonly PluginDefinition[];
  resolveFrom?: readonly string[];
}

/** Returns every problem found (empty when the config is valid). */
export async function checkConfig(config: ServerConfig, options: CheckOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const dirs = options.resolveFrom ?? [process.cwd()];
  const providers = new Map((options.providers ?? []).map((p) => [p.type, p]));
  for (const [name, entry] of Object.entries(config.providers)) {
    let def = providers.get(entry.type);
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
  for (const [name, opts] of Object.entries(config.plugins)) {
    try {
      regs.push({ plugin: offered.get(name) ?? (await loadPlugin(name, dirs)), options: opts ?? {} });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  try {
    resolvePlugins(regs);
  } catch (e) {
    problems.push(SwitchyardError.isInstance(e) ? e.message : String(e));
  }
  return problems;
}
