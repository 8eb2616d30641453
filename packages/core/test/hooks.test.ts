import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGateway, definePlugin, type Outcome, Stage, SwitchyardError } from '../src/index.js';
import { echoProvider, userMsg } from './helpers.js';
import { completion, scriptedProvider } from './scripted-upstream.js';

const baseConfig = { providers: { e: { type: 'echo' } }, models: { m: { provider: 'e', model: 'ok' } } };

function recorder() {
  const log: string[] = [];
  const outcomes: Outcome[] = [];
  return { log, outcomes };
}

describe('lifecycle hooks', () => {
  it('orders taps by Stage, not by registration order', async () => {
    const { log } = recorder();
    const late = definePlugin({
      name: 'observe',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.admit.tapPromise({ name: 'observe', stage: Stage.OBSERVE }, async () => {
          log.push('observe');
          return undefined;
        });
      },
    });
    const early = definePlugin({
      name: 'auth',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.admit.tapPromise({ name: 'auth', stage: Stage.AUTH }, async () => {
          log.push('auth');
          return undefined;
        });
        gw.hooks.admit.tapPromise({ name: 'quota', stage: Stage.QUOTA }, async () => {
          log.push('quota');
          return undefined;
        });
      },
    });
    const gw = await createGateway({ config: baseConfig, providers: [echoProvider()], plugins: [late, early] }).ready();
    await gw.chat(userMsg('hi'));
    expect(log).toEqual(['auth', 'quota', 'observe']);
    await gw.close();
  });

  it('admit bails with a denial that becomes the error, and later taps do not run', async () => {
    const log: string[] = [];
    const outcomes: Outcome[] = [];
    const p = definePlugin({
      name: 'deny',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.admit.tapPromise({ name: 'deny', stage: Stage.AUTH }, async () => new SwitchyardError('SY_ERR_UNAUTHORIZED', 'no key'));
        gw.hooks.admit.tapPromise({ name: 'after', stage: Stage.QUOTA }, async () => {
          log.push('after');
          return undefined;
        });
        gw.hooks.complete.tapPromise('rec', async (o) => {
          outcomes.push(o);
        });
      },
    });
    const provider = echoProvider();
    const gw = await createGateway({ config: baseConfig, providers: [provider], plugins: [p] }).ready();
    await expect(gw.chat(userMsg('hi'))).rejects.toMatchObject({ code: 'SY_ERR_UNAUTHORIZED', status: 401 });
    await gw.close();
    expect(log).toEqual([]);
    expect(provider.calls).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(['error']);
  });

  it('transformRequest is a waterfall and transformResponse sees the upstream answer', async () => {
    const p = definePlugin({
      name: 'rewrite',
      version: '1.0.0',
      core: '^1',
      config: z.object({ suffix: z.string().default('!') }),
      apply(gw, cfg) {
        gw.hooks.transformRequest.tapPromise({ name: 'a', stage: Stage.REDACT }, async (req) => ({
          ...req,
          messages: [{ role: 'user', content: `${(req as any).messages[0].content}-a` }],
        }));
        gw.hooks.transformRequest.tapPromise({ name: 'b', stage: Stage.DEFAULT }, async (req) => ({
          ...req,
          messages: [{ role: 'user', content: `${(req as any).messages[0].content}-b` }],
        }));
        gw.hooks.transformResponse.tapPromise('resp', async (res: any) => ({
          ...res,
          choices: [{ ...res.choices[0], message: { ...res.choices[0].message, content: res.choices[0].message.content + cfg.suffix } }],
        }));
      },
    });
    const gw = await createGateway({
      config: { ...baseConfig, plugins: { rewrite: { suffix: '?' } } },
      providers: [echoProvider()],
      plugins: [p],
    }).ready();
    const res = await gw.chat(userMsg('x'));
    expect(res.choices[0]?.message.content).toBe('x-a-b?');
    await gw.close();
  });

  it('complete fires exactly once for success, cache bail, error and abort', async () => {
    const outcomes: { status: string; cache: string }[] = [];
    const p = definePlugin({
      name: 'rec',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.lookup.tapPromise({ name: 'cache', stage: Stage.CACHE }, async (req: any) =>
          req.messages[0].content === 'cached'
            ? {
                kind: 'hit',
                response: {
                  id: 'c',
                  object: 'chat.completion',
                  created: 1,
                  model: 'cached-model',
                  choices: [{ index: 0, message: { role: 'assistant', content: 'from cache' }, finish_reason: 'stop' }],
                },
              }
            : undefined,
        );
        gw.hooks.complete.tapPromise('rec', async (o, ctx) => {
          outcomes.push({ status: o.status, cache: ctx.cache });
        });
      },
    });
    const provider = echoProvider({ slow: [{ delayMs: 200, chunks: ['a', 'b', 'c', 'd'] }], bad: [{ status: 400 }] });
    const config = {
      providers: { e: { type: 'echo' } },
      models: { m: { provider: 'e', model: 'ok' }, slow: { provider: 'e', model: 'slow' }, bad: { provider: 'e', model: 'bad' } },
    };
    const gw = await createGateway({ config, providers: [provider], plugins: [p] }).ready();

    await gw.chat(userMsg('hello'));
    expect((await gw.chat(userMsg('cached'))).choices[0]?.message.content).toBe('from cache');
    const cachedStream: string[] = [];
    for await (const c of gw.chatStream(userMsg('cached'))) cachedStream.push(c.choices[0]?.delta.content ?? '');
    expect(cachedStream.join('')).toBe('from cache');
    await expect(gw.chat({ ...userMsg('x'), model: 'bad' })).rejects.toMatchObject({ status: 400 });

    const ac = new AbortController();
    const it = gw.chatStream({ ...userMsg('x'), model: 'slow' }, { signal: ac.signal });
    const first = await it.next();
    expect(first.done).toBe(false);
    ac.abort();
    await expect(it.next()).rejects.toBeDefined();

    // A stream that is opened but never read still completes (as aborted) when returned.
    const ctx = gw.createContext('chat');
    const r = await gw.runChat({ ...userMsg('y'), model: 'slow', stream: true }, ctx);
    if (r.type === 'stream') await r.stream.return();

    await gw.close();
    expect(outcomes).toEqual([
      { status: 'success', cache: 'miss' },
      { status: 'success', cache: 'hit' },
      { status: 'success', cache: 'hit' },
      { status: 'error', cache: 'miss' },
      { status: 'aborted', cache: 'miss' },
      { status: 'aborted', cache: 'miss' },
    ]);
  });

  it('streamTransforms run in order per part and streamPart observes the result', async () => {
    const seen: string[] = [];
    const p = definePlugin({
      name: 'upper',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.streamTransforms.tap('upper', (list) => [
          ...list,
          { name: 'upper', transform: (part) => (part.type === 'text' ? { ...part, delta: part.delta.toUpperCase() } : part) },
          {
            name: 'hold-last',
            // Holds each text part back by one (a one-part window) and releases the held one on flush.
            held: null as any,
            transform(part: any) {
              if (part.type !== 'text') return part;
              const prev = (this as any).held;
              (this as any).held = part;
              return prev;
            },
            flush() {
              return (this as any).held ? [(this as any).held] : [];
            },
          },
        ]);
        gw.hooks.streamPart.tap('obs', (part) => {
          if (part.type === 'text') seen.push(part.delta);
        });
      },
    });
    const gw = await createGateway({
      config: baseConfig,
      providers: [echoProvider({ ok: [{ chunks: ['a', 'b', 'c'] }] })],
      plugins: [p],
    }).ready();
    const out: string[] = [];
    let finish: string | null = null;
    for await (const c of gw.chatStream(userMsg('x'))) {
      if (c.choices[0]?.delta.content) out.push(c.choices[0].delta.content);
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(out).toEqual(['A', 'B', 'C']);
    expect(seen).toEqual(['A', 'B', 'C']);
    expect(finish).toBe('stop');
    await gw.close();
  });

  it('refuses taps after ready()', async () => {
    const gw = await createGateway({ config: baseConfig, providers: [echoProvider()] }).ready();
    expect(() => gw.hooks.admit.tap('late', () => undefined)).toThrow(/cannot be tapped after ready/);
    await gw.close();
  });
});

describe('unused hooks stay off the hot path', () => {
  it('a gateway without taps reports no active hooks, so streams take the pass-through path', async () => {
    const { createOpenAICompatibleProvider, OpenAICompatibleOptionsSchema } = await import('../src/index.js');
    const body = Buffer.from(
      'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}\n\ndata: [DONE]\n\n',
    );
    const replay = createOpenAICompatibleProvider({
      type: 'replay',
      passthrough: true,
      options: OpenAICompatibleOptionsSchema,
      transport: async () => ({ status: 200, headers: {}, body: [body] }),
    });
    const gw = await createGateway({
      config: { providers: { r: { type: 'replay', baseUrl: 'http://x.invalid/v1' } }, models: { m: { provider: 'r', model: 'm' } } },
      providers: [replay],
    }).ready();
    const r = await gw.runChat({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }, gw.createContext('chat'));
    const types: string[] = [];
    if (r.type === 'stream') for await (const b of r.stream) types.push(...b.map((p) => p.type));
    expect(types[0]).toBe('raw');
    const chunks = [];
    for await (const c of gw.chatStream({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    }))
      chunks.push(c);
    expect(chunks[0]?.choices[0]?.delta.content).toBe('x');
    expect(chunks.at(-1)?.usage?.estimated).toBe(true);
    await gw.close();
  });
});

describe('upstreamRequest', () => {
  it('taps for a provider name and for "*" edit the request before it is sent; new names are refused after ready()', async () => {
    const p = scriptedProvider(() => ({ headers: { 'content-type': 'application/json' }, frames: [completion('ok')] }));
    const gw = createGateway({
      config: { providers: { s: { type: 'scripted' } }, models: { m: { provider: 's', model: 'm' } } },
      providers: [p],
    });
    gw.hooks.upstreamRequest.for('*').tap('all', (req) => ({ ...req, headers: { ...req.headers, 'x-all': '1' } }));
    gw.hooks.upstreamRequest.for('s').tap('own', (req) => ({ ...req, headers: { ...req.headers, 'x-own': '1' } }));
    await gw.ready();
    await gw.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(p.calls[0]?.headers).toMatchObject({ 'x-all': '1', 'x-own': '1' });
    expect(() => gw.hooks.upstreamRequest.for('other')).toThrow(expect.objectContaining({ code: 'SY_ERR_HOOKS_SEALED' }));
    await gw.close();
  });
});
