/** @module The batteries-included Switchyard server: every provider and plugin, one YAML config. */
import type { PluginDefinition, ProviderDefinition } from '@switchyard/core';
import { authPlugin } from '@switchyard/plugin-auth';
import { costPlugin } from '@switchyard/plugin-cost';
import { quotaPlugin } from '@switchyard/plugin-quota';
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { googleProvider } from '@switchyard/provider-google';
import { mistralProvider } from '@switchyard/provider-mistral';
import { mockProvider } from '@switchyard/provider-mock';
import { openaiProvider } from '@switchyard/provider-openai';
import { openaiCompatibleProvider } from '@switchyard/provider-openai-compatible';
import { createServer, main, type ServerConfigInput, type SwitchyardServer } from '@switchyard/server';
import { defaultConfig } from './default-config.js';

export { defaultConfig };

export const presetProviders: readonly ProviderDefinition[] = [
  mockProvider,
  openaiProvider,
  anthropicProvider,
  googleProvider,
  mistralProvider,
  openaiCompatibleProvider,
];

/** Offered to config; each is on only when named under `plugins:`. */
export const presetPlugins: readonly PluginDefinition[] = [authPlugin, quotaPlugin, costPlugin];

/** Runs the `switchyard` CLI with the preset registry. */
export function run(argv: string[]): Promise<void> {
  return main(argv, { providers: presetProviders, plugins: presetPlugins, defaultConfig });
}

/** Builds (without listening) a preset server for a given config; used by tests and embedders. */
export function createPresetServer(config: ServerConfigInput = defaultConfig()): Promise<SwitchyardServer> {
  return createServer({ config, providers: presetProviders, plugins: presetPlugins });
}
