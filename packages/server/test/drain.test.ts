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
  it('keep-alive clients during a drain: answers or 503 shutting_down with connection: close, never a reset', async () => {
    gw = await startGateway({
      server: { keepAliveTimeoutMs: 5_000, drainTimeoutMs: 10_000 },
      providers: { mock: { type: 'mock' } },
      models: { fast: { provider: 'mock', model: 'echo+chunks-3+delay-5' } },
    });
    const { baseURL } = gw;
    const outcomes = new Map<string, number>();
    const note = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const bad: string[] = [];
    // Each client keeps one keep-alive connection busy and stops once told to leave (`connection: close`,
    // as a load balancer would route elsewhere): any error is then a race on a keep-alive connection.
    // (Connections still in the kernel's accept queue when the listener closes are reset, as with any
    // server; that is why a load balancer should stop sending on /readyz first. Hence the barrier below.)
    let established = 0;
    const clients = Array.from({ length: 12 }, async (_, c) => {
      const agent = new Agent({ keepAliveTimeout: 10_000, connections: 1 });
      let answered = 0;
      try {
        for (;;) {
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
              if (err.code !== 'shutting_down' || r.headers['retry-after'] !== '1') bad.push(text);
              note('503');
            } else if (r.statusCode === 200) {
              note('200');
              if (++answered === 1) established++;
            } else bad.push(`${r.statusCode} ${text}`);
            if (r.headers.connection === 'close') {
              note('told to leave');
              return;
            }
          } catch (e) {
            bad.push(`${(e as { code?: string }).code}: ${(e as Error).message}`);
            return;
          }
        }
      } finally {
        await agent.close();
      }
    });
    // Every client holds an answered keep-alive connection before the drain starts.
    while (established < 12) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    await gw.close();
    gw = undefined;
    await Promise.all(clients);
    expect(bad).toEqual([]);
    expect(outcomes.get('told to leave')).toBe(12);
    expect(outcomes.get('200')).toBeGreaterThan(12);
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
