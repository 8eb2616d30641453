/** @module A ready gateway on the mock provider, for testing plugins in-process. */
import { createGateway, type Gateway, type GatewayConfigInput, type PluginEntry, type ProviderDefinition } from '@switchyard/core';
import { mockProvider } from '@switchyard/provider-mock';

export interface TestGatewayOptions {
  plugins?: PluginEntry[];
  /** Merged over a config with provider `mock` and aliases `test` (echo) and `embed`. */
  config?: Partial<GatewayConfigInput>;
  providers?: ProviderDefinition[];
}

/**
 * @example
 * const gw = await createTestGateway({ plugins: [myPlugin] });
 * const res = await gw.chat({ model: 'test', messages: [{ role: 'user', content: 'hi' }] });
 * await gw.close();
 */
export async function createTestGateway(options: TestGatewayOptions = {}): Promise<Gateway> {
  const config: GatewayConfigInput = {
    ...options.config,
    providers: { mock: { type: 'mock' }, ...options.config?.providers },
    models: { test: { provider: 'mock', model: 'echo' }, embed: { provider: 'mock', model: 'embed' }, ...options.config?.models },
  };
  const gw = createGateway({ config, providers: [mockProvider, ...(options.providers ?? [])], plugins: options.plugins });
  return gw.ready();
}
