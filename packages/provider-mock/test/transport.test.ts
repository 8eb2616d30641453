import type { UpstreamCall, UpstreamRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type MockOptions, MockOptionsSchema, mockProvider, mockTransport } from '../src/index.js';

function request(model: string, content: string, stream = true, options: Record<string, unknown> = {}): UpstreamRequest {
  const call: UpstreamCall<MockOptions> = { provider: 'm', model, options: MockOptionsSchema.parse(options), stream };
  return mockProvider.toUpstream({ model: 'alias', messages: [{ role: 'user', content }], stream }, call);
}

const text = new TextDecoder();

describe('mock transport', () => {
  it('serves the request toUpstream built, one SSE event per body chunk', async () => {
    const res = await mockTransport(request('echo', 'a b'), new AbortController().signal);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const chunks: string[] = [];
    for await (const c of res.body) chunks.push(text.decode(c));
    // role, "a", " b", finish, the include_usage chunk the base always asks for, [DONE]
    expect(chunks).toHaveLength(6);
    expect(chunks.every((c) => c.startsWith('data: ') && c.endsWith('\n\n'))).toBe(true);
    expect(JSON.parse(chunks[4]!.slice(6))).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 2 } });
    expect(chunks.at(-1)).toBe('data: [DONE]\n\n');
  });

  it('uses the options of the provider instance that built the request', async () => {
    const res = await mockTransport(request('bot', 'x', false, { models: { bot: { reply: 'scripted' } } }), new AbortController().signal);
    let body = '';
    for await (const c of res.body) body += text.decode(c);
    expect(JSON.parse(body).choices[0].message.content).toBe('scripted');
  });

  it('stops producing bytes on abort and ends the body with an AbortError', async () => {
    const ac = new AbortController();
    const res = await mockTransport(request('delay-20', 'one two three four five six seven eight'), ac.signal);
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of res.body) {
        got.push(text.decode(c));
        if (got.length === 2) ac.abort(new Error('client left'));
      }
    })().catch((e) => e);
    expect(err).toMatchObject({ name: 'AbortError' });
    expect((err as Error).cause).toMatchObject({ message: 'client left' });
    expect(got).toHaveLength(2);
  });

  it('an abort during slow-<ms> rejects before any response', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 20);
    await expect(mockTransport(request('slow-5000', 'x', false), ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('drop-after-<n> ends the body with undici’s socket error', async () => {
    const res = await mockTransport(request('drop-after-1', 'a b c'), new AbortController().signal);
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of res.body) got.push(text.decode(c));
    })().catch((e) => e);
    expect(err).toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(got).toHaveLength(2);
  });

  it('falls back to a default engine when a hook dropped the engine header', async () => {
    const req = request('echo', 'still works', false);
    const res = await mockTransport({ ...req, headers: { 'content-type': 'application/json' } }, new AbortController().signal);
    let body = '';
    for await (const c of res.body) body += text.decode(c);
    expect(JSON.parse(body).choices[0].message.content).toBe('still works');
  });
});
