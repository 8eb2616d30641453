// Request-derived values never steer the upstream URL (the chat endpoint is fixed), and the provider key never comes
// back out through an upstream error.
import { inspect } from 'node:util';
import { createGateway, type Gateway } from '@switchyard/core';
import { type FakeUpstream, HOSTILE_MODEL_NAMES, startFakeUpstream } from '@switchyard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openaiCompatibleProvider } from '../src/index.js';

const KEY = 'self-hosted-operator-secret-93';
const PROXY = 'operator-proxy-credential-s3';
let answer: (res: import('node:http').ServerResponse) => void;
let up: FakeUpstream;
let gw: Gateway;

beforeAll(async () => {
  up = await startFakeUpstream({ handler: (_req, res) => answer(res) });
  gw = await createGateway({
    config: {
      providers: { p: { type: 'openai-compatible', apiKey: KEY, baseUrl: up.baseUrl, headers: { 'x-proxy-auth': PROXY } } },
      router: { retries: 0 },
    },
    providers: [openaiCompatibleProvider],
  }).ready();
});

afterAll(async () => {
  await gw.close();
  await up.close();
});

beforeEach(() => {
  up.requests.length = 0;
  answer = (res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"model not found","type":"not_found_error"}}');
  };
});

const chat = (model: string, stream: boolean) =>
  gw.chat({ model, stream, messages: [{ role: 'user', content: 'hi' }] }).then(
    () => undefined,
    (e) => e,
  );

describe('hostile model names never change the upstream URL', () => {
  it('the model goes in the body only; the path is always /v1/chat/completions', async () => {
    for (const name of HOSTILE_MODEL_NAMES) {
      for (const stream of [false, true]) {
        const before = up.requests.length;
        const err = await chat(`p/${name}`, stream);
        const sent = up.requests.slice(before);
        if (sent.length === 0) expect(err).toMatchObject({ status: 400 });
        for (const r of sent) {
          expect(r.url).toBe('/v1/chat/completions');
          expect(r.json.model).toBe(name);
        }
      }
    }
    expect(up.requests.length).toBeGreaterThan(0);
  });
});

describe('the provider key never comes back out through an upstream error', () => {
  it('a 400 echoing the key and a custom header value in every field and a header', async () => {
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': KEY });
      res.end(JSON.stringify({ error: { message: `bad token ${KEY} ${PROXY}`, type: KEY, code: KEY, param: KEY }, error_type: KEY }));
    };
    const err = await chat('p/some-model', false);
    expect(err).toMatchObject({ status: 400 });
    expect(err.apiCode).not.toContain(KEY);
    const seen = inspect(err, { depth: 8 });
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain(PROXY);
  });
});
