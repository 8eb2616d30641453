import { describe, expect, it } from 'vitest';
import { MockOptionsSchema, resolveBehaviour } from '../src/index.js';

const opts = MockOptionsSchema.parse({ chunkDelayMs: 5, models: { bot: { reply: 'hi', chunks: 2 }, 'a+b': { reply: 'literal' } } });

describe('model name syntax', () => {
  it('a plain name echoes with the global options', () => {
    expect(resolveBehaviour('gpt-4o', opts)).toMatchObject({ script: undefined, lorem: 0, chunkDelayMs: 5, fail: undefined, usage: true });
  });

  it('reads every directive', () => {
    const b = resolveBehaviour('echo+lorem-20+chunks-4+delay-10+slow-250+drop-after-3+error-after-5+tools+think+no-usage', opts);
    expect(b).toMatchObject({
      lorem: 20,
      chunks: 4,
      chunkDelayMs: 10,
      latencyMs: 250,
      dropAfter: 3,
      errorAfter: 5,
      tools: true,
      think: true,
      usage: false,
    });
  });

  it('fail, flaky, retry-after and plain combine into one failure', () => {
    expect(resolveBehaviour('fail-429+retry-after-1500', opts).fail).toEqual({ status: 429, retryAfterMs: 1500 });
    expect(resolveBehaviour('flaky-2', opts).fail).toEqual({ status: 503, times: 2 });
    expect(resolveBehaviour('fail-500+flaky-1+plain', opts).fail).toEqual({ status: 500, times: 1, plain: true });
    expect(resolveBehaviour('fail-200', opts).fail).toBeUndefined();
  });

  it('a segment naming a script selects it and directives still apply on top', () => {
    const b = resolveBehaviour('bot+delay-1', opts);
    expect(b.script?.reply).toBe('hi');
    expect(b).toMatchObject({ chunks: 2, chunkDelayMs: 1 });
  });

  it('an exact script name wins over segment parsing', () => {
    expect(resolveBehaviour('a+b', opts).script?.reply).toBe('literal');
  });
});
