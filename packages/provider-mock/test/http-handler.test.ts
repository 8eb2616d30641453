import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockRequestRecord, type MockUpstream, startMockUpstream } from '../src/index.js';

let up: MockUpstream;
const seen: MockRequestRecord[] = [];

beforeAll(async () => {
  up = await startMockUpstream({ models: { bot: { reply: 'over http' } } }, { onRequest: (r) => seen.push(r) });
});
afterAll(() => up.close());

const post = (path: string, body: object) =>
  fetch(`${up.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('mock HTTP upstream', () => {
  it('listens on 127.0.0.1 and answers chat completions as JSON with content-length', async () => {
    expect(up.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await post('/chat/completions', { model: 'bot', messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text).choices[0].message.content).toBe('over http');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
  });

  it('streams SSE ending with data: [DONE], delayed chunks included', async () => {
    for (const model of ['echo', 'echo+delay-5']) {
      const res = await post('/chat/completions', { model, messages: [{ role: 'user', content: 'a b c' }], stream: true });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const body = await res.text();
      expect(body.split('\n\n').filter(Boolean)).toHaveLength(6);
      expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    }
  });

  it('serves embeddings, models, errors with headers, and 404s', async () => {
    const emb: any = await (await post('/embeddings', { model: 'e', input: 'hi', dimensions: 4 })).json();
    expect(emb.data[0].embedding).toHaveLength(4);
    expect(((await (await fetch(`${up.url}/models`)).json()) as any).data.map((m: { id: string }) => m.id)).toEqual(['echo', 'bot']);
    const limited = await post('/chat/completions', { model: 'fail-429', messages: [{ role: 'user', content: 'x' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as any).error.code).toBe('rate_limit_exceeded');
    expect((await post('/nope', {})).status).toBe(404);
  });

  it('drop-after-<n> cuts the connection mid-body', async () => {
    const res = await post('/chat/completions', { model: 'drop-after-1', messages: [{ role: 'user', content: 'a b c' }], stream: true });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('slow-<ms> delays the response headers', async () => {
    const started = Date.now();
    const res = await post('/chat/completions', { model: 'slow-60', messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    await res.text();
  });
});
