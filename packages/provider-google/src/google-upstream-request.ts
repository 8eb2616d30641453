/** @module Builds the HTTP request core sends: URL from `baseUrl` and the model, key in a header. */
import type { UpstreamCall, UpstreamRequest } from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';

export type GoogleMethod = 'generateContent' | 'streamGenerateContent' | 'embedContent' | 'batchEmbedContents';

/** `gemini-2.5-flash` -> `models/gemini-2.5-flash`; names that already carry a collection (`tunedModels/x`) stay. */
export function googleModelName(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

const RESERVED_HEADERS = new Set(['content-type', 'x-goog-api-key']);

function modelPath(model: string): string {
  return googleModelName(model).split('/').map(encodeURIComponent).join('/');
}

export function googleUpstreamRequest(call: UpstreamCall<GoogleOptions>, method: GoogleMethod, body: unknown): UpstreamRequest {
  const { options } = call;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers)) if (!RESERVED_HEADERS.has(k.toLowerCase())) headers[k] = v;
  headers['content-type'] = 'application/json';
  headers['x-goog-api-key'] = options.apiKey;
  // alt=sse asks for server-sent events; without it Gemini streams one JSON array.
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return {
    url: `${options.baseUrl}/${modelPath(call.model)}:${method}${query}`,
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  };
}
