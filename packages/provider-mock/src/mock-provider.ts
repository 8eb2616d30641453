/** @module `mockProvider`: the OpenAI-compatible base over the in-process mock transport. */
import { createOpenAICompatibleProvider } from '@switchyard/core';
import { ENGINE_HEADER, engineIdFor } from './engine-registry.js';
import { type MockOptions, MockOptionsSchema } from './options.js';
import { mockTransport } from './transport.js';

/**
 * A deterministic fake model: no keys, no network. Requests go through the same `toUpstream`,
 * SSE decoding and `fromStreamEvent` as a real OpenAI upstream.
 *
 * @example
 * const gw = createGateway({
 *   config: { providers: { m: { type: 'mock' } }, models: { fast: { provider: 'm', model: 'echo' } } },
 *   providers: [mockProvider],
 * });
 */
export const mockProvider = createOpenAICompatibleProvider<MockOptions>({
  type: 'mock',
  options: MockOptionsSchema,
  passthrough: true,
  authHeaders: (options) => ({
    [ENGINE_HEADER]: engineIdFor(options),
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  }),
  transport: mockTransport,
});
