/** @module The Anthropic Messages provider: a pure translation object (core does the HTTP). */
import { defineProvider } from '@switchyard/core';
import { type AnthropicOptions, AnthropicOptionsSchema } from './anthropic-options.js';
import { type AnthropicStreamState, createAnthropicStreamState, endAnthropicStream, fromAnthropicStreamEvent } from './anthropic-stream.js';
import { buildMessagesRequest } from './build-anthropic-request.js';
import { fromMessagesResponse } from './from-anthropic-response.js';
import { mapAnthropicError } from './map-anthropic-error.js';

/**
 * `type: anthropic` in config.
 * @example
 * const gw = createGateway({
 *   config: { providers: { claude: { type: 'anthropic', apiKey: process.env.ANTHROPIC_API_KEY } },
 *             models: { smart: { provider: 'claude', model: 'claude-sonnet-4-5' } } },
 *   providers: [anthropicProvider],
 * });
 */
export const anthropicProvider = defineProvider<AnthropicOptions, AnthropicStreamState>({
  type: 'anthropic',
  options: AnthropicOptionsSchema,
  capabilities: { chat: true, stream: true, tools: true, vision: true, json: true, embeddings: false },
  streamFormat: 'sse',
  toUpstream: buildMessagesRequest,
  fromUpstream: fromMessagesResponse,
  createStreamState: createAnthropicStreamState,
  fromStreamEvent: fromAnthropicStreamEvent,
  endStream: endAnthropicStream,
  mapError: mapAnthropicError,
  secretOptions: ['apiKey'],
});
