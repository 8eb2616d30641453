/** @module `mistralProvider`: Mistral La Plateforme as a configuration of the OpenAI-compatible base. */
import { createOpenAICompatibleProvider, defineProvider, type OpenAIStreamState } from '@switchyard/core';
import { toMistralEmbeddingsBody } from './map-mistral-embeddings.js';
import { mapMistralError } from './map-mistral-error.js';
import { toMistralBody } from './map-mistral-request.js';
import { fromMistralResponse } from './map-mistral-response.js';
import { MISTRAL_BASE_URL, type MistralOptions, MistralOptionsSchema } from './mistral-options.js';
import { onMistralStreamChunk, withoutNullToolCallIds } from './mistral-stream.js';

const base = createOpenAICompatibleProvider<MistralOptions>({
  type: 'mistral',
  options: MistralOptionsSchema,
  // Vision is declared for the type although only some models (Pixtral, Mistral Medium/Small 3.x,
  // Magistral) read images: the gateway cannot tell models apart, and a text-only model answers
  // an image with a 400 that reaches the caller. Route image requests to a vision model by alias.
  capabilities: { chat: true, stream: true, tools: true, vision: true, json: true, embeddings: true },
  defaults: { baseUrl: MISTRAL_BASE_URL, streamUsage: false },
  mapRequest: (body, call) => toMistralBody(body, call.options),
  mapEmbeddingsRequest: toMistralEmbeddingsBody,
  mapResponse: fromMistralResponse,
  onStreamChunk: onMistralStreamChunk,
  mapError: mapMistralError,
});

/**
 * @example
 * // providers: { mistral: { type: mistral, apiKey: "${MISTRAL_API_KEY}" } }
 * createGateway({ config, providers: [mistralProvider] });
 */
export const mistralProvider = defineProvider<MistralOptions, OpenAIStreamState>({
  ...base,
  fromStreamEvent(event, state) {
    return base.fromStreamEvent(withoutNullToolCallIds(event), state);
  },
});
