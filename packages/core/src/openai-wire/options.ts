/** @module The options every OpenAI-compatible provider accepts, and URL joining for its endpoints. */
import { z } from 'zod';

/**
 * Base options. Strict so a typo in config (`apikey`) fails at boot with its path instead of being
 * ignored. Providers `.extend()` it, e.g. to give `baseUrl` a default.
 */
export const OpenAICompatibleOptionsSchema = z.strictObject({
  /** The URL up to and including the API version segment, e.g. `https://api.openai.com/v1`. */
  baseUrl: z.url(),
  /** Sent as `authorization: Bearer <apiKey>` unless the provider says otherwise. */
  apiKey: z.string().min(1).optional(),
  /** Extra headers on every upstream request. */
  headers: z.record(z.string(), z.string()).optional(),
  /**
   * Ask for `stream_options: { include_usage: true }` on streams. Defaults to the provider's
   * choice (on for OpenAI); turn it off for servers that reject the field.
   */
  streamUsage: z.boolean().optional(),
});

export type OpenAICompatibleOptions = z.output<typeof OpenAICompatibleOptionsSchema>;

/** The option fields the translation base reads; providers may add any others. */
export interface OpenAICompatibleBaseOptions {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  streamUsage?: boolean | undefined;
}

/**
 * Joins a base URL and a path with exactly one slash. A query string on the base (some proxies need
 * `?api-version=...`) stays at the end.
 */
export function joinUrl(base: string, path: string): string {
  const q = base.indexOf('?');
  const query = q === -1 ? '' : base.slice(q);
  let b = q === -1 ? base : base.slice(0, q);
  if (b.endsWith('/')) b = b.slice(0, -1);
  return (path.startsWith('/') ? b + path : `${b}/${path}`) + query;
}
