import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type GatewayConfigInput, type Outcome } from '../src/index.js';
import { type Answer, chunk, completion, JSON_TYPE, SSE, scriptedProvider } from './scripted-upstream.js';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const hi = (model: string, stream = false) => ({ model, stream, messages: [{ role: 'user' as const, content: 'hi' }] });

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const PAGE = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';

async function gateway(answer: Answer, router: GatewayConfigInput['router'] = {}) {
  const outcomes: Outcome[] = [];
  const a = scriptedProvider(() => answer, 'a');
  const b = scriptedProvider(
    (_n, req) =>
      JSON.parse(req.body ?? '{}').stream
        ? { headers: SSE, frames: [chunk('from b'), 'data: [DONE]\n\n'] }
        : { headers: JSON_TYPE, frames: [completion('from b')] },
    'b',
  );
  gw = createGateway({
    config: {
      providers: { a: { type: 'a' }, b: { type: 'b' } },
      models: {
        solo: { provider: 'a', model: 'm' },
        chain: {
          targets: [
            { provider: 'a', model: 'm' },
            { provider: 'b', model: 'm' },
          ],
        },
      },
      router: { retries: 2, backoff: { baseMs: 1, maxMs: 1, jitter: false }, ...router },
    },
    providers: [a, b],
  });
  gw.hooks.complete.tapPromise('probe', async (o) => {
    outcomes.push(o);
  });
  await gw.ready();
  return { gw, a, b, outcomes };
}

async function streamText(g: Gateway, model: string): Promise<string> {
  let text = '';
  for await (const c of g.chatStream(hi(model, true))) text += c.choices[0]?.delta.content ?? '';
  return text;
}

const streamCases: [string, Answer][] = [
  ['a JSON error body', { headers: JSON_TYPE, frames: ['{"error":{"message":"Traceback: /srv/app.py line 3","type":"server_error"}}'] }],
  ['an HTML page', { headers: HTML, frames: [PAGE] }],
  ['gzip it did not ask for', { headers: { ...SSE, 'content-encoding': 'gzip' }, frames: ['\u001f\u008b\b\u0000garbage'] }],
  ['an HTML page labelled as an event stream', { headers: SSE, frames: [PAGE] }],
  ['only [DONE]', { headers: SSE, frames: ['data: [DONE]\n\n'] }],
  ['broken framing (JSON without data: lines)', { headers: SSE, frames: ['{"id":"x","choices":[]}\n{"id":"y"}\n'] }],
  ['a first event that is not JSON', { headers: SSE, frames: ['data: <html>oops</html>\n\n'] }],
];

describe('a bad 200 from upstream is never an empty success', () => {
  for (const [what, answer] of streamCases) {
    it(`stream answered 200 with ${what}: upstream_invalid_response before anything is committed, complete records an error`, async () => {
      const { gw, a, outcomes } = await gateway(answer);
      const err = await streamText(gw, 'solo').catch((e) => e);
      expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_INVALID_RESPONSE', status: 502, apiCode: 'upstream_invalid_response' });
      expect(err.message).not.toContain('/srv/app.py');
      // To the next target, not again to the same one.
      expect(a.calls).toHaveLength(1);
      await gw.close();
      expect(outcomes.map((o) => o.status)).toEqual(['error']);
    });
  }

  it('stream: the next target serves when the first answers 200 with an error body', async () => {
    const { gw } = await gateway(streamCases[0]?.[1] as Answer);
    expect(await streamText(gw, 'chain')).toBe('from b');
  });

  it('stream: an error event as the first event fails the try before the first byte, so the router retries', async () => {
    const flaky = scriptedProvider((n) =>
      n === 0
        ? { headers: SSE, frames: ['data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'] }
        : { headers: SSE, frames: [chunk('ok'), 'data: [DONE]\n\n'] },
    );
    gw = await createGateway({
      config: {
        providers: { f: { type: 'scripted' } },
        models: { m: { provider: 'f', model: 'm' } },
        router: { retries: 1, backoff: { baseMs: 1, maxMs: 1, jitter: false } },
      },
      providers: [flaky],
    }).ready();
    expect(await streamText(gw, 'm')).toBe('ok');
    expect(flaky.calls).toHaveLength(2);
  });

  const jsonCases: [string, Answer][] = [
    [
      'an OpenAI error object',
      { headers: JSON_TYPE, frames: ['{"error":{"message":"Traceback: /srv/app.py line 3","type":"server_error"}}'] },
    ],
    ['an HTML page', { headers: HTML, frames: [PAGE] }],
    ['a body that is not JSON', { headers: JSON_TYPE, frames: ['{"id": "trunc'] }],
    ['gzip it did not ask for', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, frames: ['\u001f\u008b\b\u0000'] }],
    ['an event stream', { headers: SSE, frames: [chunk('x')] }],
  ];
  for (const [what, answer] of jsonCases) {
    it(`non-stream answered 200 with ${what}: upstream_invalid_response, the upstream's text not relayed`, async () => {
      const { gw, outcomes } = await gateway(answer);
      const err = await gw.chat(hi('solo')).catch((e) => e);
      expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_INVALID_RESPONSE', status: 502 });
      expect(err.message).not.toContain('/srv/app.py');
      expect(JSON.stringify(err.toJSON())).not.toContain('Traceback');
      await gw.close();
      expect(outcomes.map((o) => o.status)).toEqual(['error']);
    });
  }

  it('non-stream: a body larger than maxResponseBytes is refused, and the next target serves', async () => {
    const { gw } = await gateway({ headers: JSON_TYPE, frames: [completion('x'.repeat(5000))] }, { maxResponseBytes: 1000 });
    await expect(gw.chat(hi('solo'))).rejects.toMatchObject({
      code: 'SY_ERR_UPSTREAM_INVALID_RESPONSE',
      message: expect.stringContaining('larger than 1000 bytes'),
    });
    expect((await gw.chat(hi('chain'))).choices[0]?.message.content).toBe('from b');
  });

  it('stream: an event larger than maxResponseBytes ends the stream with an error instead of buffering without bound', async () => {
    const { gw, outcomes } = await gateway(
      { headers: SSE, frames: [chunk('ok'), `data: {"pad":"${'x'.repeat(3000)}`], hang: 'body' },
      { maxResponseBytes: 1000 },
    );
    const err = await streamText(gw, 'solo').catch((e) => e);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM_INVALID_RESPONSE' });
    await gw.close();
    expect(outcomes.map((o) => o.status)).toEqual(['error']);
  });

  it('a missing content type is accepted when the body is right', async () => {
    const { gw } = await gateway({ frames: [completion('fine')] });
    expect((await gw.chat(hi('solo'))).choices[0]?.message.content).toBe('fine');
  });
});
