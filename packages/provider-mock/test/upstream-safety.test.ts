// The mock speaks OpenAI through core's pipeline: a hostile model name stays in the body and never
// reaches the (in-process) URL; an error echoing its key comes out scrubbed.
import { inspect } from 'node:util';
import { createGateway, type Gateway, type UpstreamRequest } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { mockProvider } from '../src/index.js';

// A short list: testkit's HOSTILE_MODEL_NAMES cannot be imported here (testkit depends on this package).
const HOSTILE = ['../../x', '%2e%2e/%2e%2e/x', 'x?alt=json', 'x#frag', 'user@evil.example', 'nul\u0000x', 'with space', 'x'.repeat(5000)];
const KEY = 'mock-operator-secret-0451';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe('mock provider: upstream safety', () => {
  it('hostile model names stay in the body: the URL is always the chat endpoint', async () => {
    const sent: UpstreamRequest[] = [];
    gw = createGateway({ config: { providers: { m: { type: 'mock' } } }, providers: [mockProvider] });
    gw.hooks.upstreamRequest.for('*').tap('record', (req) => {
      sent.push(req);
      return req;
    });
    await gw.ready();
    for (const name of HOSTILE) {
      const before = sent.length;
      const err = await gw.chat({ model: `m/${name}`, messages: [{ role: 'user', content: 'hi' }] }).then(
        () => undefined,
        (e) => e,
      );
      const out = sent.slice(before);
      if (out.length === 0) expect(err).toMatchObject({ status: 400 });
      for (const r of out) {
        expect(r.url).toBe('http://mock.invalid/v1/chat/completions');
        expect(JSON.parse(r.body as string).model).toBe(name);
      }
    }
    expect(sent.length).toBeGreaterThan(0);
  });

  it('an error message echoing the key is scrubbed', async () => {
    gw = await createGateway({
      config: {
        providers: { m: { type: 'mock', apiKey: KEY, models: { bad: { fail: { status: 400, message: `key ${KEY} is wrong` } } } } },
        router: { retries: 0 },
      },
      providers: [mockProvider],
    }).ready();
    const err = await gw.chat({ model: 'm/bad', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err).toMatchObject({ status: 400 });
    expect(inspect(err, { depth: 8 })).not.toContain(KEY);
  });
});
