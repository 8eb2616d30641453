import { SyncHook } from 'tapable';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGateway, definePlugin, pluginHooks, resolvePlugins } from '../src/index.js';
import { echoProvider } from './helpers.js';

const mk = (name: string, extra: Partial<Parameters<typeof definePlugin>[0]> = {}) =>
  definePlugin({ name, version: '1.0.0', core: '^1', config: z.object({ n: z.number().default(1) }), apply() {}, ...extra });

describe('plugin boot checks', () => {
  it('rejects a name clash', () => {
    expect(() =>
      resolvePlugins([
        { plugin: mk('a'), options: {} },
        { plugin: mk('a'), options: {} },
      ]),
    ).toThrow(expect.objectContaining({ code: 'SY_ERR_PLUGIN_DUPLICATE' }));
  });
  it('rejects a missing dependency, naming the path', () => {
    expect(() => resolvePlugins([{ plugin: mk('a', { dependencies: ['b'] }), options: {} }])).toThrow(
      expect.objectContaining({ code: 'SY_ERR_PLUGIN_DEPENDENCY', message: expect.stringContaining('a -> b') }),
    );
  });
  it('rejects an incompatible core range', () => {
    expect(() => resolvePlugins([{ plugin: mk('a', { core: '^2' }), options: {} }])).toThrow(
      expect.objectContaining({ code: 'SY_ERR_PLUGIN_CORE_VERSION' }),
    );
  });
  it('rejects invalid options with the plugin and key named', () => {
    expect(() => resolvePlugins([{ plugin: mk('a'), options: { n: 'x' } }])).toThrow(
      expect.objectContaining({ code: 'SY_ERR_PLUGIN_CONFIG', message: expect.stringContaining('plugins.a.n') }),
    );
  });
  it('orders dependencies first and applies defaults', () => {
    const out = resolvePlugins([
      { plugin: mk('a', { dependencies: ['b'] }), options: {} },
      { plugin: mk('b'), options: { n: 5 } },
    ]);
    expect(out.map((o) => o.plugin.name)).toEqual(['b', 'a']);
    expect(out[0]?.config).toEqual({ n: 5 });
    expect(out[1]?.config).toEqual({ n: 1 });
  });
  it('rejects a dependency cycle', () => {
    expect(() =>
      resolvePlugins([
        { plugin: mk('a', { dependencies: ['b'] }), options: {} },
        { plugin: mk('b', { dependencies: ['a'] }), options: {} },
      ]),
    ).toThrow(expect.objectContaining({ code: 'SY_ERR_PLUGIN_DEPENDENCY' }));
  });
  it('gives each gateway its own plugin hooks and lets plugins register services', async () => {
    const getHooks = pluginHooks(() => ({ hit: new SyncHook<[string]>(['key']) }));
    const hits: string[] = [];
    const producer = mk('producer', {
      apply(gw: any) {
        gw.container.register({ greeting: { resolve: () => 'hello' } });
        gw.hooks.complete.tapPromise('producer', async () => getHooks(gw).hit.call('k'));
      },
    });
    const consumer = mk('consumer', {
      dependencies: ['producer'],
      apply(gw: any) {
        getHooks(gw).hit.tap('consumer', (k) => hits.push(k));
      },
    });
    const config = { providers: { e: { type: 'echo' } }, models: { m: { provider: 'e', model: 'ok' } } };
    const gw = await createGateway({ config, providers: [echoProvider()], plugins: [consumer, producer] }).ready();
    await gw.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    await gw.close();
    expect(hits).toEqual(['k']);
    const other = createGateway({ config, providers: [echoProvider()] });
    expect(getHooks(other)).not.toBe(getHooks(gw));
  });
});
