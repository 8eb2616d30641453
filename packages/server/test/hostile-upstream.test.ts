// Every way an upstream can misbehave once it accepted a request, through a real gateway over HTTP:
// each case ends within a deadline with a clear, coded error (or an in-stream error event once the
// stream was committed), `complete` runs exactly once with the right status, and the provider key
// appears nowhere a client, a hook or a log line can see.
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { definePlugin, type Outcome } from '@switchyard/core';
import { type HostileCase, type HostileUpstream, startHostileUpstream, waitFor } from '@switchyard/testkit';
import OpenAI from 'openai';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningGateway, startGateway } from './harness.js';

// Not shaped like a vendor key, so only the configured-secret scrub can catch it.
const KEY = 'hostile-provider-secret-4b1d9e';
const PROXY_SECRET = 'proxy-header-credential-88c2';
const CLIENT_DEADLINE_MS = 5000;

const outcomes = new Map<string, Outcome[]>();
const logLines: string[] = [];
let up: HostileUpstream;
let gw: RunningGateway;

const probe = definePlugin({
  name: 'probe',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gateway) {
    gateway.hooks.complete.tapPromise('probe', async (outcome, ctx) => {
      outcomes.set(ctx.id, [...(outcomes.get(ctx.id) ?? []), outcome]);
    });
  },
});

beforeAll(async () => {
  up = await startHostileUpstream({ slowMs: 3000, trickleMs: 100, oversizedBytes: 8 * 1024 * 1024 });
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  gw = await startGateway(
    {
      providers: { h: { type: 'openai', baseUrl: up.baseUrl, apiKey: KEY, headers: { 'x-proxy-auth': PROXY_SECRET } } },
      models: {},
      router: {
        retries: 0,
        maxResponseBytes: 1024 * 1024,
        timeouts: { connectMs: 1000, firstByteMs: 400, totalMs: 1200, streamIdleMs: 400 },
      },
      plugins: { probe: {} },
    },
    { plugins: [probe], logger: pino({ level: 'trace' }, sink) },
  );
});

afterAll(async () => {
  await gw?.close();
  await up?.close();
  // Nothing the gateway logged while serving every case, at every level, carries a secret.
  const all = logLines.join('');
  expect(all.length).toBeGreaterThan(0);
  expect(all).not.toContain(KEY);
  expect(all).not.toContain(PROXY_SECRET);
});

let n = 0;

interface Reply {
  id: string;
  status: number;
  contentType: string;
  headers: string;
  text: string;
  ms: number;
}

async function call(kind: HostileCase, stream: boolean): Promise<Reply> {
  const id = `hostile-${kind}-${stream ? 's' : 'j'}-${n++}`;
  const t0 = performance.now();
  const res = await fetch(`${gw.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': id },
    body: JSON.stringify({ model: `h/${kind}`, stream, messages: [{ role: 'user', content: 'hi' }] }),
    signal: AbortSignal.timeout(CLIENT_DEADLINE_MS),
  });
  const text = await res.text();
  return {
    id,
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    headers: JSON.stringify([...res.headers]),
    text,
    ms: performance.now() - t0,
  };
}

/** `complete` ran exactly once for the request, with this status. */
async function completedOnce(id: string, status: Outcome['status']): Promise<Outcome> {
  // A stream cut midway has its usage estimated before `complete`: the tokenizer may load first.
  await waitFor(async () => (outcomes.get(id)?.length ?? 0) > 0, 10_000, `complete for ${id}`);
  await new Promise((r) => setTimeout(r, 50));
  const seen = outcomes.get(id) ?? [];
  expect(seen).toHaveLength(1);
  expect(seen[0]?.status).toBe(status);
  expect(inspect(seen[0]?.error, { depth: 8 })).not.toContain(KEY);
  return seen[0] as Outcome;
}

function noSecrets(r: Reply): void {
  for (const s of [KEY, PROXY_SECRET]) {
    expect(r.text).not.toContain(s);
    expect(r.headers).not.toContain(s);
  }
}

/** A JSON error answer with a code, never a 5xx without one. */
function jsonError(r: Reply, status: number, code: string): void {
  expect(r.status).toBe(status);
  expect(r.contentType).toContain('application/json');
  const body = JSON.parse(r.text);
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/\n\s+at /);
}

/** A committed stream that ended with a coded in-stream error event (and no [DONE] success after it). */
function streamError(r: Reply, code: string): void {
  expect(r.status).toBe(200);
  expect(r.contentType).toContain('text/event-stream');
  const events = r.text
    .split('\n\n')
    .filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]')
    .map((e) => JSON.parse(e.slice(6)));
  expect(events.at(-1)?.error?.code).toBe(code);
}

type Expect = { json: [number, string] } | { stream: string } | 'ok';
const CASES: [HostileCase, Expect, Expect][] = [
  // case, non-stream, stream
  ['ok', 'ok', 'ok'],
  ['slow-headers', { json: [504, 'upstream_timeout'] }, { json: [504, 'upstream_timeout'] }],
  ['slow-body', { json: [504, 'upstream_timeout'] }, { stream: 'upstream_timeout' }],
  ['never-ends', { json: [504, 'upstream_timeout'] }, { stream: 'upstream_timeout' }],
  ['invalid-json', { json: [502, 'upstream_invalid_response'] }, { json: [502, 'upstream_invalid_response'] }],
  ['broken-sse', { json: [502, 'upstream_invalid_response'] }, { json: [502, 'upstream_invalid_response'] }],
  ['error-200', { json: [502, 'upstream_invalid_response'] }, { json: [502, 'upstream_invalid_response'] }],
  ['html-200', { json: [502, 'upstream_invalid_response'] }, { json: [502, 'upstream_invalid_response'] }],
  ['gzip', { json: [502, 'upstream_invalid_response'] }, { json: [502, 'upstream_invalid_response'] }],
  ['oversized', { json: [502, 'upstream_invalid_response'] }, { stream: 'upstream_invalid_response' }],
  ['reset-mid-stream', { json: [502, 'upstream_unreachable'] }, { stream: 'upstream_unreachable' }],
  ['keepalive-only', { json: [502, 'upstream_invalid_response'] }, { json: [504, 'upstream_timeout'] }],
  ['echo-key', { json: [502, 'upstream_auth_failed'] }, { json: [502, 'upstream_auth_failed'] }],
];

describe('hostile upstreams through a real gateway over HTTP', () => {
  for (const [kind, nonStream, streamed] of CASES) {
    for (const [stream, want] of [
      [false, nonStream],
      [true, streamed],
    ] as const) {
      it(`${kind} (${stream ? 'stream' : 'non-stream'}): bounded, ${want === 'ok' ? 'served' : 'a coded error'}, complete once`, async () => {
        const r = await call(kind, stream);
        expect(r.ms).toBeLessThan(3000);
        noSecrets(r);
        if (want === 'ok') {
          expect(r.status).toBe(200);
          expect(r.text).toContain(stream ? ' world' : 'hello world');
          await completedOnce(r.id, 'success');
        } else if ('json' in want) {
          jsonError(r, ...want.json);
          await completedOnce(r.id, 'error');
        } else {
          streamError(r, want.stream);
          await completedOnce(r.id, 'error');
        }
      });
    }
  }

  it('the openai SDK gets a coded error for an upstream answering 200 with an error body, and the key never', async () => {
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'gateway-key', maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'h/error-200', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(502);
    expect(err.code).toBe('upstream_invalid_response');
    expect(err.message).not.toContain('/srv/model');
  });

  it('the openai SDK: a key echoed by the upstream reaches neither the error nor its headers, and a bad key is not retried', async () => {
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'gateway-key' });
    const before = up.requests.length;
    for (const stream of [false, true]) {
      const err = await client.chat.completions
        .create({ model: 'h/echo-key', stream, messages: [{ role: 'user', content: 'hi' }] })
        .catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.code).toBe('upstream_auth_failed');
      expect(inspect(err, { depth: 8 })).not.toContain(KEY);
      expect(JSON.stringify([...err.headers])).not.toContain(KEY);
    }
    // The SDK would retry a 502 twice; the gateway tells it not to (x-should-retry: false).
    expect(up.requests.length - before).toBe(2);
  });
});
