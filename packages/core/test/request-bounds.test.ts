// Strings from a request that reach logs, ledgers and headers are bounded and cleaned; admit-only requests; credential declarations.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createGateway,
  definePlugin,
  type GatewayRequest,
  NO_MODEL_REQUEST,
  type Outcome,
  type RequestContext,
  Stage,
  SwitchyardError,
} from '../src/index.js';
import { echoProvider, userMsg } from './helpers.js';

const config = { providers: { e: { type: 'echo' } }, models: { m: { provider: 'e', model: 'ok' } } };

async function codeOf(p: Promise<unknown>): Promise<{ apiCode: string; param: string | null }> {
  try {
    await p;
  } catch (e) {
    if (SwitchyardError.isInstance(e)) return { apiCode: e.apiCode, param: e.param };
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('request bounds', () => {
  it('refuses a model name over 256 bytes with 400 field_too_long, before any admit tap sees it', async () => {
    const seen: string[] = [];
    const spy = definePlugin({
      name: 'spy',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.admit.tapPromise({ name: 'spy', stage: Stage.AUTH }, async (req) => {
          seen.push(req.model);
          return undefined;
        });
      },
    });
    const gw = await createGateway({ config, providers: [echoProvider()], plugins: [spy] }).ready();
    expect(await codeOf(gw.chat({ ...userMsg('x'), model: `e/${'m'.repeat(5_000_000)}` }))).toEqual({
      apiCode: 'field_too_long',
      param: 'model',
    });
    // 86 three-byte characters are 258 bytes: counted in bytes, not characters.
    expect((await codeOf(gw.chat({ ...userMsg('x'), model: 'e/'.concat('語'.repeat(86)) }))).apiCode).toBe('field_too_long');
    expect(seen).toEqual([]);
    const ok = await gw.chat({ ...userMsg('x'), model: `e/${'m'.repeat(250)}` });
    expect(ok.choices[0]?.message.content).toBe('x');
    await gw.close();
  });

  it('cleans attribution headers (UTF-8 decoded, controls removed) and bounds their length and count', async () => {
    const gw = await createGateway({ config, providers: [echoProvider()] }).ready();
    const utf8AsLatin1 = Buffer.from('Müller GmbH', 'utf8').toString('latin1');
    const ctx = gw.createContext('chat', {
      headers: {
        'x-switchyard-customer': `  ${utf8AsLatin1}\u0007 `,
        'x-switchyard-feature': '\u0001\u0002',
        'x-switchyard-tags': 'a, b,,c\u007f',
      },
    });
    expect(ctx.customer).toBe('Müller GmbH');
    expect(ctx.feature).toBeUndefined();
    expect(ctx.tags).toEqual(['a', 'b', 'c']);
    const refused = (headers: Record<string, string>) => {
      try {
        gw.createContext('chat', { headers });
      } catch (e) {
        return SwitchyardError.isInstance(e) ? `${e.status} ${e.apiCode} ${e.param}` : String(e);
      }
      return 'accepted';
    };
    expect(refused({ 'x-switchyard-feature': 'f'.repeat(129) })).toBe('400 field_too_long x-switchyard-feature');
    expect(refused({ 'x-switchyard-customer': 'c'.repeat(10_000) })).toBe('400 field_too_long x-switchyard-customer');
    expect(refused({ 'x-switchyard-tags': Array.from({ length: 17 }, (_, i) => `t${i}`).join(',') })).toBe(
      '400 field_too_long x-switchyard-tags',
    );
    expect(refused({ 'x-switchyard-tags': `ok,${'t'.repeat(65)}` })).toBe('400 field_too_long x-switchyard-tags');
    expect(refused({ 'x-switchyard-feature': 'f'.repeat(128), 'x-switchyard-tags': 'a,'.repeat(16) })).toBe('accepted');
    await gw.close();
  });
});

describe('gateway.admit (endpoints without an upstream call)', () => {
  function recorder(deny: (req: GatewayRequest, ctx: RequestContext) => boolean) {
    const outcomes: { outcome: Outcome; endpoint: string; admitted: boolean }[] = [];
    const seen: string[] = [];
    const plugin = definePlugin({
      name: 'rec',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.hooks.admit.tapPromise({ name: 'rec', stage: Stage.AUTH }, async (req, ctx) => {
          seen.push(`${ctx.endpoint}:${req.model}`);
          return deny(req, ctx) ? new SwitchyardError('SY_ERR_UNAUTHORIZED', 'no key') : undefined;
        });
        gw.hooks.complete.tapPromise('rec', async (outcome, ctx) => {
          outcomes.push({ outcome, endpoint: ctx.endpoint, admitted: ctx.admitted });
        });
      },
    });
    return { plugin, outcomes, seen };
  }

  it('runs the admit taps only, and complete once, for a listing (no model) and a token count', async () => {
    const rec = recorder(() => false);
    const provider = echoProvider();
    const gw = await createGateway({ config, providers: [provider], plugins: [rec.plugin] }).ready();
    await gw.admit(undefined, gw.createContext('models'));
    const count = gw.createContext('count_tokens');
    await gw.admit({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, count);
    expect(count.admitted).toBe(true);
    expect(count.requestedModel).toBe('m');
    await gw.close();
    expect(rec.seen).toEqual(['models:', 'count_tokens:m']);
    expect(NO_MODEL_REQUEST.model).toBe('');
    expect(provider.calls).toEqual([]);
    expect(rec.outcomes.map((o) => [o.endpoint, o.outcome.status, o.admitted])).toEqual([
      ['models', 'success', true],
      ['count_tokens', 'success', true],
    ]);
  });

  it('throws a denial; complete sees an error for a request never admitted', async () => {
    const rec = recorder(() => true);
    const gw = await createGateway({ config, providers: [echoProvider()], plugins: [rec.plugin] }).ready();
    const ctx = gw.createContext('models');
    expect((await codeOf(gw.admit(undefined, ctx))).apiCode).toBe('invalid_api_key');
    expect(ctx.admitted).toBe(false);
    await gw.close();
    expect(rec.outcomes.map((o) => [o.outcome.status, o.admitted])).toEqual([['error', false]]);
  });
});

describe('requireCredentials', () => {
  it('records which plugins refuse requests without credentials; only before ready', async () => {
    const auth = definePlugin({
      name: 'strict-auth',
      version: '1.0.0',
      core: '^1',
      config: z.object({}),
      apply(gw) {
        gw.requireCredentials('strict-auth');
      },
    });
    const open = await createGateway({ config, providers: [echoProvider()] }).ready();
    expect(open.credentialsRequiredBy()).toEqual([]);
    const gw = await createGateway({ config, providers: [echoProvider()], plugins: [auth] }).ready();
    expect(gw.credentialsRequiredBy()).toEqual(['strict-auth']);
    expect(() => gw.requireCredentials('late')).toThrow(/before ready/);
    await open.close();
    await gw.close();
  });
});
