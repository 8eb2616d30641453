// Graceful drain: keep-alive clients never get a reset, refused requests get the gateway's 503 with
// retry-after and connection: close, and streams cut at drainTimeoutMs still run `complete`.
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { chatBody, type RunningGateway, startGateway } from './harness.js';
import { probePlugin } from './probe-plugin.js';

let gw: RunningGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe('drain', () => {
  it('keep-alive clients during a drain: answers or 503 shutting_down, refused connections, never a reset', async () => {
    gw = await startGateway({
      server: { keepAliveTimeoutMs: 5_000, drainTimeoutMs: 10_000 },
      providers: { mock: { type: 'mock' } },
      models: { fast: { provider: 'mock', model: 'echo+chunks-3+delay-5' } },
    });
    const { baseURL } = gw;
    const outcomes = new Map<string, number>();
    const note = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const bad: string[] = [];
    let stop = false;
    const clients = Array.from({ length: 12 }, async (_, c) => {
      const agent = new Agent({ keepAliveTimeout: 10_000, connections: 1 });
      try {
        while (!stop) {
          try {
            const r = await request(`${baseURL}/chat/completions`, {
              method: 'POST',
              dispatcher: agent,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(chatBody('fast', `client ${c}`, { stream: c % 2 === 0 })),
            });
            const text = await r.body.text();
            if (r.statusCode === 503) {
              const err = JSON.parse(text).error;
              if (err.code !== 'shutting_down' || r.headers['retry-after'] !== '1' || r.headers.connection !== 'close') bad.push(text);
              note('503');
            } else if (r.statusCode === 200) note('200');
            else bad.push(`${r.statusCode} ${text}`);
          } catch (e) {
            const code = (e as { code?: string }).code ?? String(e);
            note(code);
            // Refused before anything was sent is fine (the listener is closed); a reset mid-request is not.
            if (code !== 'ECONNREFUSED') bad.push(`${code}: ${(e as Error).message}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      } finally {
        await agent.close();
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    const closed = gw.close();
    await new Promise((r) => setTimeout(r, 700));
    stop = true;
    await Promise.all(clients);
    await closed;
    gw = undefined;
    expect(bad).toEqual([]);
    expect(outcomes.get('200')).toBeGreaterThan(10);
  }, 30_000);

  it('a stream cut at drainTimeoutMs still runs complete before close() resolves', async () => {
    const probe = probePlugin();
    gw = await startGateway(
      {
        server: { drainTimeoutMs: 300 },
        providers: { mock: { type: 'mock' } },
        models: { slow: { provider: 'mock', model: 'echo+chunks-50+delay-100' } },
        plugins: { probe: {} },
      },
      { plugins: [probe.plugin] },
    );
    const res = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody('slow', 'one two three four five six', { stream: true })),
    });
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const t0 = Date.now();
    await gw.close();
    gw = undefined;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(probe.state.completes).toBe(1);
    expect(probe.state.outcomes[0]?.outcome.status).toBe('aborted');
    await reader.read().catch(() => undefined);
  });
});
