// What hosts add for dialects the canonical request cannot express on its own: capability needs on
// the context, admission for non-model endpoints, and the stripping of Responses extension keys.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildChatBody, createGateway, definePlugin, defineProvider, SwitchyardError } from '../src/index.js';
import { echoProvider, userMsg } from './helpers.js';

const nativeEcho = () => {
  const base = echoProvider();
  return defineProvider({ ...base, type: 'native', capabilities: { ...base.capabilities, responses: true } });
};

async function gateway(plugins: Parameters<typeof createGateway>[0]['plugins'] = []) {
  return createGateway({
    config: {
      providers: { plain: { type: 'echo' }, native: { type: 'native' } },
      models: {
        mixed: {
          strategy: 'fallback',
          targets: [
            { provider: 'plain', model: 'a' },
            { provider: 'native', model: 'b' },
          ],
        },
        plain: { provider: 'plain', model: 'a' },
      },
    },
    providers: [echoProvider(), nativeEcho()],
    plugins,
  }).ready();
}

describe('ctx.requires: capabilities the host knows a request needs', () => {
  it('skips targets without the capability', async () => {
    const gw = await gateway();
    const ctx = gw.createContext('responses');
    ctx.requires = { responses: 'the web_search tool' };
    const r = await gw.runChat({ ...userMsg('hi'), model: 'mixed' }, ctx);
    expect(r.type).toBe('response');
    expect(ctx.provider).toBe('native');
    await gw.close();
  });

  it('names the reason when no target has it', async () => {
    const gw = await gateway();
    const ctx = gw.createContext('responses');
    ctx.requires = { responses: 'the web_search tool' };
    const err = await gw.runChat({ ...userMsg('hi'), model: 'plain' }, ctx).catch((e) => e);
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err.code).toBe('SY_ERR_UNSUPPORTED');
    expect(err.message).toContain('needed for the web_search tool');
    expect(gw.providerCapabilities('native')?.responses).toBe(true);
    expect(gw.providerCapabilities('plain')?.responses).toBeUndefined();
    await gw.close();
  });
});

describe('gateway.admit: admission alone, for non-model endpoints', () => {
  const auth = definePlugin({
    name: 'test-auth',
    version: '1.0.0',
    core: '^1',
    config: z.object({}),
    apply(gw) {
      gw.hooks.admit.tapPromise('test-auth', async (_req, ctx) => {
        if (ctx.header('authorization') !== 'Bearer ok') return new SwitchyardError('SY_ERR_UNAUTHORIZED', 'no');
        ctx.principal = { keyId: 'k1', team: 'blue', user: 'u' };
        return undefined;
      });
    },
  });

  it('sets the principal or throws the denial, and refuses model endpoints', async () => {
    const gw = await gateway([auth]);
    const ok = gw.createContext('responses_store', { headers: { authorization: 'Bearer ok' } });
    await gw.admit({ model: '', messages: [] } as never, ok);
    expect(ok.principal.team).toBe('blue');
    expect(ok.admitted).toBe(true);
    const bad = gw.createContext('responses_store', { headers: {} });
    await expect(gw.admit({ model: '', messages: [] } as never, bad)).rejects.toMatchObject({ code: 'SY_ERR_UNAUTHORIZED' });
    expect(bad.admitted).toBe(false);
    await expect(gw.admit({ model: '', messages: [] } as never, gw.createContext('chat'))).rejects.toMatchObject({
      code: 'SY_ERR_INTERNAL',
    });
    await gw.close();
  });
});

describe('Responses extensions never reach OpenAI-compatible upstreams', () => {
  it('strips responses_extra and the responses_* keys of messages and parts', () => {
    const req: any = {
      model: 'alias',
      responses_extra: { store: true, include: ['reasoning.encrypted_content'] },
      messages: [
        { role: 'system', content: 'be brief', responses_instructions: true },
        {
          role: 'user',
          content: [{ type: 'file', file: { file_id: 'f1' }, responses_part: { type: 'input_file', file_id: 'f1' } }],
          responses_before: [{ type: 'item_reference', id: 'x' }],
        },
        { role: 'assistant', content: 'hi', responses_items: [{ type: 'message', id: 'msg_1' }] },
        { role: 'user', content: 'img', responses_synthetic: true, responses_after: [{ type: 'mcp_approval_response' }] },
      ],
    };
    const body = buildChatBody(req, { model: 'gpt', stream: false, streamUsage: true });
    expect(body).not.toHaveProperty('responses_extra');
    const msgs = body.messages as any[];
    expect(msgs[0]).toEqual({ role: 'system', content: 'be brief' });
    expect(msgs[1]).toEqual({ role: 'user', content: [{ type: 'file', file: { file_id: 'f1' } }] });
    expect(msgs[2]).toEqual({ role: 'assistant', content: 'hi' });
    expect(msgs[3]).toEqual({ role: 'user', content: 'img' });
    expect(req.messages[2].responses_items).toHaveLength(1);
  });
});
