import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type Outcome, SecretScrubber, SwitchyardError } from '../src/index.js';
import { chunk, JSON_TYPE, type Script, SSE, scriptedProvider } from './scripted-upstream.js';

// Not shaped like any vendor key: only the configured-secret scrub can catch it.
const KEY = 'correct-horse-battery-staple-42';
const HEADER_SECRET = 'proxy-credential-7f3a9c';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

async function gateway(script: Script) {
  const outcomes: Outcome[] = [];
  const provider = scriptedProvider(script);
  gw = createGateway({
    config: {
      providers: { p: { type: 'scripted', apiKey: KEY, headers: { 'x-proxy-auth': HEADER_SECRET } } },
      models: { m: { provider: 'p', model: 'm' } },
      router: { retries: 0 },
    },
    providers: [provider],
  });
  gw.hooks.complete.tapPromise('probe', async (o) => {
    outcomes.push(o);
  });
  await gw.ready();
  return { gw, outcomes, provider };
}

function leaks(value: unknown): boolean {
  const text = inspect(value, { depth: 8, showHidden: false });
  return text.includes(KEY) || text.includes(HEADER_SECRET);
}

const echoing =
  (status: number): Script =>
  () => ({
    status,
    headers: { ...JSON_TYPE, 'x-echo': KEY },
    frames: [JSON.stringify({ error: { message: `bad key ${KEY} via ${HEADER_SECRET}`, code: KEY, type: KEY, param: KEY } })],
  });

describe('provider secrets never leave through upstream errors', () => {
  it('an upstream 4xx echoing the key in message, code, type, param and a header: the error and complete carry none of it', async () => {
    const { gw, outcomes } = await gateway(echoing(400));
    const err = await gw.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err).toMatchObject({ status: 400, apiCode: 'upstream_invalid_request' });
    expect(err.message).toContain('bad key [redacted] via [redacted]');
    expect(leaks(err)).toBe(false);
    expect(JSON.stringify(err.toJSON())).not.toContain(KEY);
    await gw.close();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('error');
    expect(leaks(outcomes[0]?.error)).toBe(false);
  });

  it('the same for 401, 429 and 500 answers', async () => {
    for (const status of [401, 429, 500]) {
      const { gw } = await gateway(echoing(status));
      const err = await gw.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
      expect(SwitchyardError.isInstance(err)).toBe(true);
      expect(leaks(err)).toBe(false);
      await gw.close();
    }
  });

  it('an in-stream error event echoing the key reaches the consumer scrubbed', async () => {
    const { gw, outcomes } = await gateway(() => ({
      headers: SSE,
      frames: [chunk('hello'), `data: ${JSON.stringify({ error: { message: `expired ${KEY}`, code: KEY, type: KEY } })}\n\n`],
    }));
    const err = await (async () => {
      for await (const _ of gw.chatStream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    })().catch((e) => e);
    expect(leaks(err)).toBe(false);
    await gw.close();
    expect(outcomes[0]?.status).toBe('error');
    expect(leaks(outcomes[0]?.error)).toBe(false);
  });

  it('a 200 whose body is an error report echoing the key: nothing of the key, nor the upstream text, is relayed', async () => {
    const { gw } = await gateway(() => ({
      headers: JSON_TYPE,
      frames: [JSON.stringify({ error: { message: `boom ${KEY} at /srv/app.py:12` } })],
    }));
    const err = await gw.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err.apiCode).toBe('upstream_invalid_response');
    expect(err.message).not.toContain('/srv/app.py');
    expect(leaks(err)).toBe(false);
  });
});

describe('SecretScrubber', () => {
  const s = new SecretScrubber([KEY], [HEADER_SECRET, 'short']);
  it('keeps an upstream code only when it is a short identifier with nothing scrubbed from it', () => {
    expect(s.code('invalid_api_key', 'generic')).toBe('invalid_api_key');
    expect(s.code('DeploymentNotFound', 'generic')).toBe('DeploymentNotFound');
    expect(s.code(KEY, 'generic')).toBe('generic');
    expect(s.code('sk-proj-abcdefghijklmnop', 'generic')).toBe('generic');
    expect(s.code('two words', 'generic')).toBe('generic');
    expect(s.code('x'.repeat(65), 'generic')).toBe('generic');
    expect(s.code(undefined, 'generic')).toBe('generic');
  });
  it('scrubs configured secrets and vendor key shapes, flattens control characters and bounds the length', () => {
    expect(s.text(`a ${KEY} b ${HEADER_SECRET} c short`)).toBe('a [redacted] b [redacted] c short');
    expect(s.text(`echoed as ${KEY.toUpperCase()}`)).toBe('echoed as [redacted]');
    expect(s.text('Bearer abcdefghijklmnopqrstuvwxyz and AIzaSyA1234567890abcdefghijklmnop')).toBe('Bearer [redacted] and [redacted]');
    expect(s.text('line1\r\nline2\u0000')).toBe('line1 line2 ');
    const long = s.text('y'.repeat(5000));
    expect(long.length).toBe(1024);
    expect(s.text(long)).toBe(long);
  });
  it('drops headers and causes that carry a secret, and returns the error itself when nothing needed scrubbing', () => {
    const clean = new SwitchyardError('SY_ERR_UPSTREAM', 'fine', { headers: { 'retry-after': '1' }, cause: new Error('ECONNRESET') });
    expect(s.error(clean)).toBe(clean);
    const dirty = new SwitchyardError('SY_ERR_UPSTREAM', 'fine', { headers: { 'x-echo': KEY, ok: '1' }, cause: new Error(`token ${KEY}`) });
    const out = s.error(dirty);
    expect(out.headers).toEqual({ ok: '1' });
    expect(out.cause).toBeUndefined();
  });
});
