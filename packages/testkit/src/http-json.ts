/** @module Test HTTP calls that read the whole answer: status, headers, text and parsed JSON (when it is JSON). */

export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

/** `body` is JSON-encoded unless it is already a string; GET when there is no body. */
export async function httpJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonAnswer> {
  const hasBody = init.body !== undefined;
  const res = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: !hasBody ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  return httpJson(url, { method: 'POST', headers, body });
}
