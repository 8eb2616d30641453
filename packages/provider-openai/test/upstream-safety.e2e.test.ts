// Request-derived values never steer the upstream URL, and the provider key never comes back out
// through an upstream error, for OpenAI and Azure OpenAI.
import { inspect } from 'node:util';
import { createGateway, type Gateway } from '@switchyard/core';
import { type FakeUpstream, HOSTILE_MODEL_NAMES, startFakeUpstream } from '@switchyard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openaiProvider } from '../src/index.js';

// Names too long for any model are refused by core's bounds (field_too_long), the rest by the provider's URL check.
const REFUSED_MODEL = expect.stringMatching(/^SY_ERR_(INVALID_REQUEST|FIELD_TOO_LONG)$/);

const KEY = 'azure-and-openai-secret-5c0ffee';
const PROXY = 'custom-proxy-credential-b7';
let answer: (res: import('node:http').ServerResponse) => void;
let up: FakeUpstream;
let gw: Gateway;

beforeAll(async () => {
  up = await startFakeUpstream({ handler: (_req, res) => answer(res) });
  gw = await createGateway({
    config: {
      providers: {
        openai: { type: 'openai', apiKey: KEY, baseUrl: up.baseUrl, headers: { 'x-proxy-auth': PROXY } },
        azure: {
          type: 'openai',
          apiKey: KEY,
          headers: { 'x-proxy-auth': PROXY },
          azure: { endpoint: up.origin, deployments: { 'gpt-4o': 'prod-4o' } },
        },
        azurev1: { type: 'openai', apiKey: KEY, azure: { endpoint: up.origin, apiVersion: 'v1' } },
      },
      router: { retries: 0 },
    },
    providers: [openaiProvider],
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
    res.end('{"error":{"message":"no such model","code":"model_not_found"}}');
  };
});

const chat = (model: string, stream = false) =>
  gw.chat({ model, stream, messages: [{ role: 'user', content: 'hi' }] }).then(
    () => undefined,
    (e) => e,
  );

describe('hostile model names never change the upstream URL', () => {
  it('openai: the model goes in the body only; the path is always /v1/chat/completions', async () => {
    for (const name of HOSTILE_MODEL_NAMES) {
      const before = up.requests.length;
      const err = await chat(`openai/${name}`);
      const sent = up.requests.slice(before);
      if (sent.length === 0) expect(err).toMatchObject({ status: 400 });
      for (const r of sent) {
        expect(r.url).toBe('/v1/chat/completions');
        expect(r.json.model).toBe(name);
      }
    }
  });

  it('azure (dated API): a deployment name that is not one plain path segment is refused with a 400 before any upstream call', async () => {
    for (const name of HOSTILE_MODEL_NAMES) {
      const err = await chat(`azure/${name}`);
      expect(err).toMatchObject({ status: 400, code: REFUSED_MODEL, param: 'model' });
      const emb = await gw.embed({ model: `azure/${name}`, input: 'x' }).catch((e) => e);
      expect(emb).toMatchObject({ status: 400, code: REFUSED_MODEL });
    }
    expect(up.requests).toHaveLength(0);
    await chat('azure/gpt-4o');
    await chat('azure/constructor');
    expect(up.requests.map((r) => r.url)).toEqual([
      '/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21',
      '/openai/deployments/constructor/chat/completions?api-version=2024-10-21',
    ]);
  });

  it('azure (v1 API): the deployment goes in the body only', async () => {
    for (const name of HOSTILE_MODEL_NAMES) {
      const before = up.requests.length;
      const err = await chat(`azurev1/${name}`, true);
      const sent = up.requests.slice(before);
      if (sent.length === 0) expect(err).toMatchObject({ status: 400 });
      for (const r of sent) {
        expect(r.url).toBe('/openai/v1/chat/completions');
        expect(r.json.model).toBe(name);
      }
    }
  });
});

describe('the provider key never comes back out through an upstream error', () => {
  it('a 400 echoing the key and the custom header value in message, code, type, param and headers', async () => {
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': KEY });
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY} (${PROXY})`, type: KEY, code: KEY, param: KEY } }));
    };
    for (const model of ['openai/gpt-4o', 'azure/gpt-4o']) {
      const err = await chat(model);
      expect(err).toMatchObject({ status: 400, apiCode: 'upstream_invalid_request' });
      const seen = inspect(err, { depth: 8 });
      expect(seen).not.toContain(KEY);
      expect(seen).not.toContain(PROXY);
    }
  });
});
