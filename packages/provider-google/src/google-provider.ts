/** @module The Gemini provider definition: a pure translation object; core does the HTTP. */
import { defineProvider, type ProviderDefinition } from '@switchyard/core';
import { toGoogleRequest } from './convert-to-google-request.js';
import { googleEmbeddings } from './google-embeddings.js';
import { type GoogleOptions, GoogleOptionsSchema } from './google-options.js';
import { createGoogleStreamState, endGoogleStream, fromGoogleStreamEvent, type GoogleStreamState } from './google-stream.js';
import { googleUpstreamRequest } from './google-upstream-request.js';
import { mapGoogleError } from './map-google-error.js';
import { fromGoogleResponse } from './map-google-response.js';

/**
 * Google Gemini (`generateContent` / `streamGenerateContent?alt=sse`, `embedContent` /
 * `batchEmbedContents`) behind the canonical OpenAI Chat Completions format.
 *
 * @example
 * const gw = createGateway({
 *   config: {
 *     providers: { gemini: { type: 'google', apiKey: process.env.GEMINI_API_KEY } },
 *     models: { fast: { provider: 'gemini', model: 'gemini-2.5-flash' } },
 *   },
 *   providers: [googleProvider],
 * });
 */
export const googleProvider: ProviderDefinition<GoogleOptions, GoogleStreamState> = defineProvider<GoogleOptions, GoogleStreamState>({
  type: 'google',
  options: GoogleOptionsSchema,
  capabilities: { chat: true, stream: true, tools: true, vision: true, json: true, embeddings: true },
  streamFormat: 'sse',
  secretOptions: ['apiKey'],

  toUpstream(req, call) {
    return googleUpstreamRequest(call, call.stream ? 'streamGenerateContent' : 'generateContent', toGoogleRequest(req, call.options));
  },
  fromUpstream: fromGoogleResponse,
  createStreamState: createGoogleStreamState,
  fromStreamEvent: fromGoogleStreamEvent,
  endStream: endGoogleStream,
  mapError: (status, body) => mapGoogleError(status, body),
  embeddings: googleEmbeddings,
});
