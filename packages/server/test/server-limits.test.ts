// Server timeouts and limits: request/headers timeouts, a connection cap, bounded per-request buffering,
// and admin-key guessing slowed down per address. (The 413 read by the SDK is tested across processes in
// examples/preset-server, where the reset it fixes shows.)
import { connect, type Socket } from 'node:net';
import { definePlugin } from '@switchyard/core';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdminThrottle, FREE_FAILURES } from '../src/admin-throttle.js';
import type { ServerConfigInput } from '../src/index.js';
import { chatBody, type RunningGateway, startGateway } from './harness.js';

const running: RunningGateway[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.close();
});

async function start(server: ServerConfigInput['server'] = {}, extra: Parameters<typeof startGateway>[1] = {}) {
  const gw = await startGateway(
    {
      server,
      providers: { mock: { type: 'mock' } },
      models: { fast: { provider: 'mock', model: 'echo' } },
      plugins: extra.plugins ? { admin: {} } : {},
    },
    extra,
  );
  running.push(gw);
  return gw;
}

/** Opens a raw socket, writes `text`, resolves with what the server sent until it closed (or `ms`). */
function raw(url: string, text: string, ms = 5000): Promise<{ data: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const t0 = Date.now();
    let data = '';
    const s: Socket = connect(Number(port), hostname, () => s.write(text));
    const timer = setTimeout(() => s.destroy(), ms);
    s.on('data', (d) => {
      data += String(d);
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closedAfterMs: Date.now() - t0 });
    });
  });
}

describe('timeouts and the connection cap', () => {
  it('a request whose body never comes is answered 408 and closed after requestTimeoutMs', async () => {
    const gw = await start({ requestTimeoutMs: 600, headersTimeoutMs: 300 });
    const r = await raw(
      gw.url,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"model"',
    );
    expect(r.data).toMatch(/^HTTP\/1\.1 408/);
    expect(r.closedAfterMs).toBeLessThan(3000);
  });

  it('headers that never finish (slowloris) are cut after headersTimeoutMs', async () => {
    const gw = await start({ requestTimeoutMs: 5000, headersTimeoutMs: 400 });
    const r = await raw(gw.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nx-slow: a');
    expect(r.closedAfterMs).toBeLessThan(3000);
  });

  it('keep-alive timeout is advertised; connections beyond maxConnections are closed at once', async () => {
    const gw = await start({ keepAliveTimeoutMs: 3000, maxConnections: 2 });
    const h = await request(`${gw.url}/healthz`);
    expect(h.headers['keep-alive']).toBe('timeout=3');
    await h.body.dump();
    const { port } = new URL(gw.url);
    const held = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(Number(port), '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    const third = await raw(gw.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 2000);
    expect(third.data).toBe('');
    expect(third.closedAfterMs).toBeLessThan(1000);
    for (const s of held) s.destroy();
  });
});

describe('bounded per-request buffering', () => {
  it('a 5 MB prompt streamed through the mock: RSS stays bounded and /healthz keeps answering', async () => {
    const gw = await start();
    const words = 'alpha beta gamma delta epsilon zeta eta theta ';
    const prompt = words.repeat(Math.ceil((5 * 1024 * 1024) / words.length)).slice(0, 5 * 1024 * 1024);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    let worstHealthMs = 0;
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t0 = performance.now();
        await (await request(`${gw.url}/healthz`)).body.dump();
        worstHealthMs = Math.max(worstHealthMs, performance.now() - t0);
        peak = Math.max(peak, process.memoryUsage().rss);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const r = await request(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(chatBody('fast', prompt, { stream: true }))),
    });
    let bytes = 0;
    for await (const chunk of r.body) bytes += (chunk as Buffer).length;
    done = true;
    await probe;
    expect(r.statusCode).toBe(200);
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(peak - rss0).toBeLessThan(400 * 1024 * 1024);
    expect(worstHealthMs).toBeLessThan(1500);
  }, 60_000);
});

describe('admin key guessing', () => {
  const admin = definePlugin({
    name: 'admin',
    version: '1.0.0',
    core: '^1',
    config: z.object({}).loose(),
    apply(gw) {
      gw.setAdminAuthorizer((h) => h.authorization === 'Bearer right-admin-key-0123456789abcdef');
      gw.addRoute({ method: 'GET', path: '/admin/ping', access: 'admin', handler: () => ({ body: { ok: true } }) });
    },
  });

  it(`after ${FREE_FAILURES} wrong keys from one address: 429 too_many_failed_attempts with retry-after, even for the right key`, async () => {
    const gw = await start({}, { plugins: [admin] });
    const ping = (key: string) => request(`${gw.url}/admin/ping`, { headers: { authorization: `Bearer ${key}` } });
    const right = 'right-admin-key-0123456789abcdef';
    expect((await ping(right)).statusCode).toBe(200);
    // Requests that present no key are not guesses: they never start the waits.
    for (let i = 0; i < FREE_FAILURES * 2; i++) expect((await request(`${gw.url}/admin/ping`)).statusCode).toBe(401);
    expect((await ping(right)).statusCode).toBe(200);
    for (let i = 0; i < FREE_FAILURES; i++) expect((await ping(`guess-${i}`)).statusCode).toBe(401);
    for (const key of ['guess-x', right]) {
      const r = await ping(key);
      expect(r.statusCode).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(((await r.body.json()) as { error: { code: string } }).error.code).toBe('too_many_failed_attempts');
    }
  });

  it('waits double per further failure up to 5 minutes; the right key clears the address; memory is bounded', () => {
    let now = 0;
    const t = new AdminThrottle(() => now);
    for (let i = 0; i < FREE_FAILURES; i++) t.failed('a');
    expect(() => t.check('a')).toThrow(/wait/);
    now += 1001;
    t.check('a');
    t.failed('a');
    expect(() => t.check('a')).toThrow();
    now += 1999;
    expect(() => t.check('a')).toThrow();
    now += 2;
    t.check('a');
    for (let i = 0; i < 30; i++) t.failed('a');
    now += 5 * 60_000 + 1;
    t.check('a');
    t.succeeded('a');
    t.failed('a');
    t.check('a');
    t.check('b');
  });
});
