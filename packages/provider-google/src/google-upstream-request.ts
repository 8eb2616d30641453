/** @module Builds the HTTP request core sends: URL from `baseUrl` and the model, key in a header. */
import { SwitchyardError, type UpstreamCall, type UpstreamRequest, urlPathSegment } from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';

export type GoogleMethod = 'generateContent' | 'streamGenerateContent' | 'embedContent' | 'batchEmbedContents';

/** The resource collections a model name may start with. */
const COLLECTIONS = new Set(['models', 'tunedModels']);

/**
 * `gemini-2.5-flash` -> `models/gemini-2.5-flash`; `models/x` and `tunedModels/x` stay. The model
 * name comes from the request and becomes a URL path, so it must be one plain segment (after an
 * optional collection): no `..`, `/`, `?`, `#`, `%`, `:` (which would pick another method) or spaces.
 */
export function googleModelName(model: string): string {
  const slash = model.indexOf('/');
  if (slash === -1) return `models/${urlPathSegment(model)}`;
  const collection = model.slice(0, slash);
  if (!COLLECTIONS.has(collection)) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'A Gemini model is `name`, `models/name` or `tunedModels/name`', {
      param: 'model',
    });
  }
  return `${collection}/${urlPathSegment(model.slice(slash + 1))}`;
}

const RESERVED_HEADERS = new Set(['content-type', 'x-goog-api-key']);

export function googleUpstreamRequest(call: UpstreamCall<GoogleOptions>, method: GoogleMethod, body: unknown): UpstreamRequest {
  const { options } = call;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers)) if (!RESERVED_HEADERS.has(k.toLowerCase())) headers[k] = v;
  headers['content-type'] = 'application/json';
  headers['x-goog-api-key'] = options.apiKey;
  // alt=sse asks for server-sent events; without it Gemini streams one JSON array.
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return {
    url: `${options.baseUrl}/${googleModelName(call.model)}:${method}${query}`,
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  };
}
