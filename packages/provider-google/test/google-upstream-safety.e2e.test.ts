// The model name is part of Gemini's URL (`models/{model}:generateContent`): a hostile one must never
// reach another path, method or query with the operator's key. And the key never comes back out
// through an upstream error, even lower-cased (Gemini's error reasons are lower-cased into codes).
import { inspect } from 'node:util';
import { createGateway, type Gateway } from '@switchyard/core';
import { type FakeUpstream, HOSTILE_MODEL_NAMES, startFakeUpstream } from '@switchyard/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleProvider } from '../src/index.js';

// Names too long for any model are refused by core's bounds (field_too_long), the rest by the provider's URL check.
const REFUSED_MODEL = expect.stringMatching(/^SY_ERR_(INVALID_REQUEST|FIELD_TOO_LONG)$/);

const KEY = 'AQ-MixedCase-Gemini-Secret-77';
let answer: (res: import('node:http').ServerResponse) => void;
let up: FakeUpstream;
let gw: Gateway;

beforeAll(async () => {
  up = await startFakeUpstream({ handler: (_req, res) => answer(res) });
  gw = await createGateway({
    config: { providers: { gem: { type: 'google', apiKey: KEY, baseUrl: `${up.origin}/v1beta` } }, router: { retries: 0 } },
    providers: [googleProvider],
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
    res.end('{"error":{"code":404,"message":"not found","status":"NOT_FOUND"}}');
  };
});

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('hostile model names never change the Gemini URL', () => {
  it('chat, stream and embeddings: refused with a 400 before any upstream call', async () => {
    for (const name of HOSTILE_MODEL_NAMES) {
      for (const stream of [false, true]) {
        const err = await gw.chat({ model: `gem/${name}`, stream, messages }).catch((e) => e);
        expect(err).toMatchObject({ status: 400, code: REFUSED_MODEL, param: 'model' });
      }
      const emb = await gw.embed({ model: `gem/${name}`, input: ['a', 'b'] }).catch((e) => e);
      expect(emb).toMatchObject({ status: 400, code: REFUSED_MODEL });
    }
    expect(up.requests).toHaveLength(0);
  });

  it('only other collections than models/ and tunedModels/ are refused; plain names reach their own path', async () => {
    for (const model of ['publishers/google/x', 'files/abc', 'cachedContents/x']) {
      await expect(gw.chat({ model: `gem/${model}`, messages })).rejects.toMatchObject({ status: 400 });
    }
    expect(up.requests).toHaveLength(0);
    for (const model of ['gemini-2.5-flash', 'models/gemini-2.5-pro', 'tunedModels/my-tune-01'])
      await gw.chat({ model: `gem/${model}`, messages }).catch(() => {});
    expect(up.requests.map((r) => r.url)).toEqual([
      '/v1beta/models/gemini-2.5-flash:generateContent',
      '/v1beta/models/gemini-2.5-pro:generateContent',
      '/v1beta/tunedModels/my-tune-01:generateContent',
    ]);
  });
});

describe('the key never comes back out through a Gemini error', () => {
  it('a 400 echoing the key in message, status, ErrorInfo reason and a header', async () => {
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': KEY });
      res.end(
        JSON.stringify({
          error: {
            code: 400,
            message: `API key not valid: ${KEY}`,
            status: KEY,
            details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: KEY, domain: 'googleapis.com' }],
          },
        }),
      );
    };
    const err = await gw.chat({ model: 'gem/gemini-2.5-flash', messages }).catch((e) => e);
    expect(err).toMatchObject({ status: 400, apiCode: 'upstream_invalid_request' });
    const seen = inspect(err, { depth: 8 }).toLowerCase();
    expect(seen).not.toContain(KEY.toLowerCase());
  });
});
