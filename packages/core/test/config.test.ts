import { describe, expect, it } from 'vitest';
import { createGateway, SwitchyardError } from '../src/index.js';
import { echoProvider } from './helpers.js';

describe('gateway config', () => {
  it('names the offending key path', () => {
    expect(() => createGateway({ config: { models: { a: { targets: [{ provider: 'p', model: 1 }] } } } as any })).toThrow(/models\.a/);
  });
  it('rejects unknown provider types and targets that name no provider at ready()', async () => {
    await expect(createGateway({ config: { providers: { x: { type: 'nope' } } } }).ready()).rejects.toMatchObject({
      code: 'SY_ERR_PROVIDER_UNKNOWN',
    });
    await expect(
      createGateway({
        config: { providers: { e: { type: 'echo' } }, models: { m: { provider: 'ghost', model: 'x' } } },
        providers: [echoProvider()],
      }).ready(),
    ).rejects.toThrow(/models\.m\.targets\[0\]\.provider/);
  });
  it('errors are brand-checked and serialise to OpenAI JSON without internals', () => {
    const e = new SwitchyardError('SY_ERR_UPSTREAM', 'boom', { upstreamBody: { secret: 'x' }, cause: new Error('inner') });
    expect(SwitchyardError.isInstance(e)).toBe(true);
    expect(SwitchyardError.isInstance(new Error('boom'))).toBe(false);
    expect(SwitchyardError.isInstance({ code: 'SY_ERR_UPSTREAM' })).toBe(false);
    expect(JSON.stringify(e.toJSON())).toBe('{"error":{"message":"boom","type":"upstream_error","code":"upstream_error","param":null}}');
  });
});
