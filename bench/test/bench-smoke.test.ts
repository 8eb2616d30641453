/** @module Smoke test: the mock upstream behind the thin proxy serves correct chat and 20-chunk stream replies (no load test). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBenchUpstreamHandler } from '../src/mock-upstream.js';
import { createThinProxy } from '../src/thin-proxy.js';
import { CHAT_BODY, checkChatBody, checkStreamBody, REPLY, REQUEST_HEADERS, STREAM_BODY, STREAM_CHUNKS } from '../src/wire.js';

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()).closeAllConnections());
}

describe('bench smoke: mock upstream behind the thin proxy', () => {
  const upstream = http.createServer(createBenchUpstreamHandler());
  let proxy: http.Server;
  let proxyOrigin: string;

  beforeAll(async () => {
    proxy = createThinProxy({ upstream: await listen(upstream) });
    proxyOrigin = await listen(proxy);
  });

  afterAll(async () => {
    await close(proxy);
    await close(upstream);
  });

  const post = (body: string) => fetch(`${proxyOrigin}/v1/chat/completions`, { method: 'POST', headers: REQUEST_HEADERS, body });

  it('passes a non-stream chat completion through unchanged', async () => {
    const res = await post(CHAT_BODY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(checkChatBody(text)).toBeNull();
    const json = JSON.parse(text);
    expect(json.object).toBe('chat.completion');
    expect(json.choices[0].message.content).toBe(REPLY);
  });

  it('streams exactly 20 content chunks, a stop finish, usage, then [DONE]', async () => {
    const res = await post(STREAM_BODY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(checkStreamBody(text)).toBeNull();

    const data = text
      .split('\n\n')
      .filter((event) => event.startsWith('data: '))
      .map((event) => event.slice('data: '.length));
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    const contents = chunks.flatMap((c) => (c.choices[0]?.delta?.content ? [c.choices[0].delta.content] : []));
    expect(contents).toHaveLength(STREAM_CHUNKS);
    expect(contents.join('')).toBe(REPLY);
    expect(chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
    expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
  });

  it('the checks reject a truncated stream and a wrong reply', () => {
    expect(checkStreamBody('data: {"choices":[{"delta":{"content":"Zq00"}}]}\n\ndata: [DONE]\n\n')).toMatch(/1 content chunks/);
    expect(checkChatBody('{"object":"chat.completion","choices":[]}')).toMatch(/expected content/);
  });
});
