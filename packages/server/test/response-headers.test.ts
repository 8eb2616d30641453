// Request- and upstream-derived text never breaks a response header, and a response that fails to be
// written still runs `complete` once and frees what admit took (the quota plugin's concurrency slot).
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { chatBody, type RunningGateway, startGateway } from './harness.js';
import { probePlugin } from './probe-plugin.js';

let gw: RunningGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

async function start(probe: ReturnType<typeof probePlugin>) {
  gw = await startGateway(
    { providers: { mock: { type: 'mock' } }, models: { fast: { provider: 'mock', model: 'echo' } }, plugins: { probe: {} } },
    { plugins: [probe.plugin] },
  );
  return gw;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: r.statusCode, headers: r.headers, text: await r.body.text() };
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('response headers from request and upstream text', () => {
  it('100 requests with non-Latin-1 and control characters in the model name: answered, encoded, every slot freed', async () => {
    const probe = probePlugin({ concurrency: 4 });
    const { baseURL } = await start(probe);
    const names = ['モデル', 'modèle-ünï', 'bell\u0007name', 'tab\tand\nnewline', 'emoji-🚀', 'mixed ascii % and 日本'];
    const jobs = Array.from({ length: 100 }, (_, i) => async () => {
      const model = `mock/${names[i % names.length]}-${i}`;
      const r = await post(`${baseURL}/chat/completions`, chatBody(model, 'hello', { stream: i % 2 === 0 }));
      expect(r.status, r.text).toBe(200);
      const header = r.headers['x-switchyard-model'] as string;
      expect(header).toMatch(/^[\x21-\x7e]+$/);
      expect(decodeURIComponent(header)).toBe(model.slice('mock/'.length));
      if (i % 2 === 0) expect(r.text.trim().endsWith('data: [DONE]')).toBe(true);
    });
    // Four at a time: the limit is 4, so any leaked slot would turn later requests into 429s.
    for (let i = 0; i < jobs.length; i += 4) await Promise.all(jobs.slice(i, i + 4).map((j) => j()));
    await until(() => probe.state.completes === 100);
    expect(probe.state.admits).toBe(100);
    expect(probe.state.active).toBe(0);
    const after = await post(`${baseURL}/chat/completions`, chatBody('fast'));
    expect(after.status).toBe(200);
  });

  it('a header Node refuses (writeHead throws): a clean 500, complete runs once, the slot is freed, streams and not', async () => {
    const probe = probePlugin({ concurrency: 1, badHeaderOnDemand: true });
    const { baseURL } = await start(probe);
    let n = 0;
    for (const stream of [true, false, true]) {
      const r = await post(`${baseURL}/chat/completions`, chatBody('fast', 'hi', { stream }), { 'x-test-bad-header': '1' });
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text).error?.code, r.text).toBe('internal_error');
      expect(r.text).not.toMatch(/\n\s+at /);
      // `complete` runs after the reply; the next request needs the freed slot.
      n++;
      await until(() => probe.state.completes === n);
    }
    expect(probe.state.active).toBe(0);
    expect(probe.state.outcomes.map((o) => o.outcome.status)).toEqual(['aborted', 'success', 'aborted']);

    for (const stream of [true, false]) {
      const body = { model: 'fast', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] };
      const r = await post(`${baseURL}/messages`, body, { 'x-test-bad-header': '1' });
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      n++;
      await until(() => probe.state.completes === n);
    }
    expect(probe.state.active).toBe(0);
    // The concurrency limit of 1 still admits.
    expect((await post(`${baseURL}/chat/completions`, chatBody('fast', 'ok', { stream: true }))).status).toBe(200);
  });
});
