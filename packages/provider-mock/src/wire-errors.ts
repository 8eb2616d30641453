/** @module OpenAI-shaped error answers: `{ "error": { "message", "type", "param", "code" } }` with the real statuses. */

import { jsonExchange, type MockExchange } from './exchange.js';
import type { MockFailure } from './options.js';

interface ErrorShape {
  message: string;
  type: string;
  code: string | null;
}

/** Messages and codes as OpenAI sends them for each status. */
const BY_STATUS: Record<number, ErrorShape> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  408: { message: 'Request timed out.', type: 'timeout', code: null },
  409: { message: 'Conflict.', type: 'invalid_request_error', code: null },
  429: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
  504: { message: 'Gateway timeout.', type: 'server_error', code: null },
};

const PLAIN: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

export function errorJson(message: string, type: string, code: string | null, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

export function errorExchange(status: number, message?: string, param: string | null = null, code?: string | null): MockExchange {
  const shape = BY_STATUS[status] ?? {
    message: `HTTP ${status}`,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  return jsonExchange(status, errorJson(message ?? shape.message, shape.type, code === undefined ? shape.code : code, param));
}

/** The answer of a model set up to fail. */
export function failureExchange(f: MockFailure, model: string, latencyMs: number): MockExchange {
  const headers: Record<string, string> = {};
  const retryMs = f.retryAfterMs ?? (f.status === 429 ? 1000 : undefined);
  if (retryMs !== undefined) {
    headers['retry-after-ms'] = String(retryMs);
    headers['retry-after'] = String(Math.ceil(retryMs / 1000));
  }
  if (f.plain) {
    const body = f.message ?? PLAIN[f.status] ?? `Error ${f.status}`;
    const ex = jsonExchange(f.status, body, headers, latencyMs);
    ex.headers['content-type'] = 'text/plain; charset=utf-8';
    return ex;
  }
  const ex = errorExchange(
    f.status,
    f.message ?? (f.status === 404 ? `The model \`${model}\` does not exist or you do not have access to it.` : undefined),
  );
  Object.assign(ex.headers, headers);
  ex.latencyMs = latencyMs;
  return ex;
}
