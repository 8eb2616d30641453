/**
 * @module `openaiCompatibleProvider`: self-hosted OpenAI-compatible servers (vLLM, Ollama, llama.cpp
 * server, TGI, LM Studio) as a configuration of the OpenAI-compatible base plus per-server presets.
 */
import { createOpenAICompatibleProvider, defineProvider, type OpenAIStreamState } from '@switchyard/core';
import { mapSelfHostedError } from './map-self-hosted-error.js';
import { toSelfHostedBody, toSelfHostedEmbeddingsBody } from './map-self-hosted-request.js';
import { fromSelfHostedResponse } from './map-self-hosted-response.js';
import { resolveSettings, type SelfHostedOptions, SelfHostedOptionsSchema } from './self-hosted-options.js';
import { attachSettings, flushThink, onSelfHostedStreamChunk } from './self-hosted-stream.js';

const base = createOpenAICompatibleProvider<SelfHostedOptions>({
  type: 'openai-compatible',
  options: SelfHostedOptionsSchema,
  // Declared for the type; each deployment narrows them with its preset and `capabilities` option.
  capabilities: { chat: true, stream: true, tools: true, vision: true, json: true, embeddings: true },
  defaults: { streamUsage: true },
  mapRequest: toSelfHostedBody,
  mapEmbeddingsRequest: toSelfHostedEmbeddingsBody,
  mapResponse: fromSelfHostedResponse,
  onStreamChunk: onSelfHostedStreamChunk,
  mapError: mapSelfHostedError,
});

const baseEnd = base.endStream!;

/**
 * @example
 * // providers: { local: { type: openai-compatible, baseUrl: "http://127.0.0.1:11434/v1", server: ollama } }
 * createGateway({ config, providers: [openaiCompatibleProvider] });
 */
export const openaiCompatibleProvider = defineProvider<SelfHostedOptions, OpenAIStreamState>({
  ...base,
  createStreamState(call) {
    return attachSettings(base.createStreamState(call), resolveSettings(call.options));
  },
  fromStreamEvent(event, state) {
    // `[DONE]` flushes usage; text a think splitter still holds goes first.
    if (event.data === '[DONE]') return [...flushThink(state), ...base.fromStreamEvent(event, state)];
    return base.fromStreamEvent(event, state);
  },
  endStream(state) {
    return [...flushThink(state), ...baseEnd(state)];
  },
});
