// A client that leaves mid-stream must cancel the upstream request (its socket closes).
import { startFakeOpenAI } from '@switchyard/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { chatBody, startGateway } from './harness.js';

const cleanup: { close(): Promise<void> }[] = [];
afterAll(async () => {
  while (cleanup.length) await cleanup.pop()?.close();
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('client abort', () => {
  it('closes the upstream connection when the client disconnects mid-stream', async () => {
    const up = await startFakeOpenAI();
    cleanup.push(up);
    const gw = await startGateway({
      providers: { up: { type: 'openai', apiKey: 'k', baseUrl: up.baseUrl } },
      models: { slow: { provider: 'up', model: 'gpt+chunks-50+delay-100' } },
    });
    cleanup.push(gw);
    const ac = new AbortController();
    const res = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody('slow', 'a b c d e f g h', { stream: true })),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(up.openSockets()).toBe(1);
    ac.abort();
    // The upstream socket closes promptly, long before the 5 s the stream would have taken.
    const t0 = Date.now();
    await until(() => up.openSockets() === 0);
    expect(Date.now() - t0).toBeLessThan(1500);
    // The gateway stays healthy.
    const h = await fetch(`${gw.url}/healthz`);
    expect(h.status).toBe(200);
  });
});
