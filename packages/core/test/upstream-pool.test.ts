// The upstream socket pool over real HTTP: its size per provider, and the wait for a socket counted
// in the first-byte timeout and timings.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGateway,
  createOpenAICompatibleProvider,
  type Gateway,
  type GatewayConfigInput,
  OpenAICompatibleOptionsSchema,
  UPSTREAM_TIMING,
} from '../src/index.js';
import { completion } from './scripted-upstream.js';

const http = createOpenAICompatibleProvider({ type: 'http', options: OpenAICompatibleOptionsSchema });

let closeAll: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closeAll.reverse()) await c();
  closeAll = [];
});

/** An upstream that answers each request after `delayMs`; counts requests it has seen. */
async function slowUpstream(delayMs: number) {
  const seen: number[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    seen.push(performance.now());
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(completion('ok'));
    }, delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closeAll.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

async function gateway(provider: Record<string, unknown>, router: GatewayConfigInput['router']): Promise<Gateway> {
  const gw = await createGateway({
    config: { providers: { p: { type: 'http', ...provider } }, models: { m: { provider: 'p', model: 'm' } }, router },
    providers: [http],
  }).ready();
  closeAll.push(() => gw.close());
  return gw;
}

const hi = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('upstream socket pool', () => {
  it('a provider sets its own pool size with `connections`; requests beyond it queue, and the pool says so', async () => {
    const up = await slowUpstream(300);
    const gw = await gateway({ baseUrl: up.baseUrl, connections: 1 }, { retries: 0 });
    const both = Promise.all([gw.chat(hi), gw.chat(hi)]);
    await new Promise((r) => setTimeout(r, 100));
    const origin = new URL(up.baseUrl).origin;
    expect(gw.upstreamPools()[origin]).toMatchObject({ connected: 1, queued: 1 });
    expect(up.seen).toHaveLength(1);
    await both;
    expect(up.seen).toHaveLength(2);
    expect((up.seen[1] as number) - (up.seen[0] as number)).toBeGreaterThanOrEqual(250);
  });

  it('the wait for a free socket counts toward firstByteMs: a queued request times out instead of waiting silently', async () => {
    const up = await slowUpstream(1000);
    const gw = await gateway({ baseUrl: up.baseUrl, connections: 1 }, { retries: 0, timeouts: { firstByteMs: 1500 } });
    const first = gw.chat(hi);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const second = await gw.chat(hi).catch((e) => e);
    // Queued ~950 ms behind the first, then at least 1000 ms upstream: past 1500 ms in all.
    expect(second).toMatchObject({ code: 'SY_ERR_UPSTREAM_TIMEOUT', message: expect.stringContaining('first byte') });
    expect(performance.now() - t0).toBeLessThan(1900);
    await first;
  });

  it('timings: the first-byte time of a queued request includes its wait for a socket', async () => {
    const up = await slowUpstream(300);
    const gw = await gateway({ baseUrl: up.baseUrl, connections: 1 }, { retries: 0 });
    const a = gw.createContext('chat');
    const b = gw.createContext('chat');
    await Promise.all([gw.runChat(hi, a), gw.runChat(hi, b)]);
    const waits = [a, b].map((ctx) => ctx.get(UPSTREAM_TIMING)?.firstByteMs ?? 0).sort((x, y) => x - y);
    expect(waits[0]).toBeGreaterThanOrEqual(290);
    expect(waits[1]).toBeGreaterThanOrEqual(580);
  });

  it('the default pool is sized for streaming workloads, far above undici`s 512-era default', async () => {
    const gw = await gateway({ baseUrl: 'http://127.0.0.1:9/v1' }, {});
    expect(gw.config.router.connections).toBeGreaterThanOrEqual(10_000);
  });
});
