/**
 * @module Reads the presented key from request headers: `authorization: Bearer <key>` (OpenAI SDKs),
 * else `x-api-key` (Anthropic SDKs), else `api-key` (Azure OpenAI SDKs). The first one present wins.
 */

type Headers = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function presentedKey(headers: Headers): string | undefined {
  const auth = first(headers.authorization);
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  return first(headers['x-api-key'])?.trim() || first(headers['api-key'])?.trim() || undefined;
}
