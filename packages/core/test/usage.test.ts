import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGateway, definePlugin, estimateUsage, loadTokenCounter, type Outcome, type Usage } from '../src/index.js';
import { echoProvider, userMsg } from './helpers.js';

const config = {
  providers: { e: { type: 'echo' } },
  models: { quiet: { provider: 'e', model: 'nousage' }, slowquiet: { provider: 'e', model: 'nousage-slow' } },
};

function recording(outcomes: Outcome[]) {
  return definePlugin({
    name: 'rec',
    version: '1.0.0',
    core: '^1',
    config: z.object({}),
    apply(gw) {
      gw.hooks.complete.tapPromise('rec', async (o) => {
        outcomes.push(o);
      });
    },
  });
}

describe('usage is never lost', () => {
  it('counts with a real tokenizer', async () => {
    const u = await estimateUsage(userMsg('Hello world, this is a test of the tokenizer.') as any, 'The quick brown fox.');
    expect(u.estimated).toBe(true);
    expect(u.completion_tokens).toBe(5);
    const count = await loadTokenCounter();
    expect(count('Hello world, this is a test of the tokenizer.')).toBe(11);
    expect(u.prompt_tokens).toBe(count('user\nHello world, this is a test of the tokenizer.\n') + 3 + 3);
  });

  it('non-stream responses without usage get an estimate', async () => {
    const gw = await createGateway({ config, providers: [echoProvider()] }).ready();
    const res = await gw.chat({ ...userMsg('count these words please'), model: 'quiet' });
    expect(res.usage?.estimated).toBe(true);
    expect(res.usage?.completion_tokens).toBeGreaterThan(0);
    await gw.close();
  });

  it('a completed stream without upstream usage ends with an estimated usage chunk', async () => {
    const outcomes: Outcome[] = [];
    const gw = await createGateway({
      config,
      providers: [echoProvider({ nousage: [{ chunks: ['alpha ', 'beta ', 'gamma'] }] })],
      plugins: [recording(outcomes)],
    }).ready();
    const chunks = [];
    for await (const c of gw.chatStream({ ...userMsg('x'), model: 'quiet', stream_options: { include_usage: true } })) chunks.push(c);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ completion_tokens: 3, estimated: true });
    await gw.close();
    expect(outcomes[0]?.usage).toMatchObject({ completion_tokens: 3, estimated: true });
  });

  it('an aborted stream still reports estimated usage to complete', async () => {
    const outcomes: Outcome[] = [];
    const p = echoProvider({ 'nousage-slow': [{ chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 100 }] });
    const gw = await createGateway({ config, providers: [p], plugins: [recording(outcomes)] }).ready();
    const ac = new AbortController();
    const it = gw.chatStream({ ...userMsg('x'), model: 'slowquiet' }, { signal: ac.signal });
    await it.next();
    ac.abort();
    await expect(it.next()).rejects.toBeDefined();
    await gw.close();
    expect(outcomes[0]?.status).toBe('aborted');
    expect(outcomes[0]?.usage?.estimated).toBe(true);
    expect(outcomes[0]?.usage?.completion_tokens).toBeGreaterThanOrEqual(1);
  });
});

describe('usage of a long stream without upstream usage', () => {
  it('counts every produced character, not only the part kept for counting', async () => {
    const chunk = 'word '.repeat(60_000); // 300K characters, ~60K tokens
    const provider = echoProvider({ nousage: [{ chunks: Array.from({ length: 5 }, () => chunk) }] });
    const usages: (Usage | undefined)[] = [];
    const plugin = definePlugin({
      name: 'watch',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.complete.tap('watch', (o) => {
          usages.push(o.usage);
        });
      },
    });
    const gw = await createGateway({
      config: { providers: { e: { type: 'echo' } }, models: { m: { provider: 'e', model: 'nousage' } } },
      providers: [provider],
      plugins: [plugin],
    }).ready();
    for await (const _ of gw.chatStream({ model: 'm', messages: [{ role: 'user', content: 'go' }] })) {
      // drain
    }
    await gw.close();
    const out = usages[0]?.completion_tokens ?? 0;
    // 1.5M characters: beyond what is kept (1M), so the count is scaled to everything produced.
    expect(out).toBeGreaterThan(300_000 * 0.9);
    expect(out).toBeLessThan(300_000 * 1.1);
  });
});
