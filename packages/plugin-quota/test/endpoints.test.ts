// Only model traffic is metered: once the server runs `admit` (for auth) on listing models and
// counting tokens, those requests must neither use nor be refused by a quota.
import { createTestGateway } from '@switchyard/testkit';
import { describe, expect, it } from 'vitest';
import { quotaPlugin } from '../src/index.js';

describe('endpoints', () => {
  it('listing models and counting tokens are not metered; chat is', async () => {
    const gw = await createTestGateway({
      plugins: [[quotaPlugin, { limits: [{ scope: 'global', requestsPerMinute: 1, tokensPerMinute: 1_000, concurrent: 1 }] }]],
    });
    try {
      const req = { model: 'test', messages: [{ role: 'user' as const, content: 'hi' }], max_tokens: 10 };
      for (const endpoint of ['models', 'count_tokens', 'models', 'count_tokens'] as const) {
        const ctx = gw.createContext(endpoint);
        expect(await gw.hooks.admit.promise(req, ctx)).toBeUndefined();
        expect(ctx.responseHeaders).toEqual({});
      }
      await expect(gw.chat(req)).resolves.toMatchObject({ object: 'chat.completion' });
      await expect(gw.chat(req)).rejects.toMatchObject({ code: 'SY_ERR_RATE_LIMITED' });
    } finally {
      await gw.close();
    }
  });
});
