import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGateway, defineProvider, parseUpstreamUrl, type UpstreamRequest, urlPathSegment } from '../src/index.js';
import { echoProvider } from './helpers.js';

const HOSTILE = [
  '..',
  '../../x',
  '%2e%2e',
  '%2e%2e/%2e%2e/x',
  'a/../../b',
  'x?alt=json',
  'x#frag',
  'user@evil.example',
  'x:streamGenerateContent',
  'a\\..\\b',
  'with space',
  'tab\there',
  'nul\u0000x',
  'crlf\r\nx-injected: 1',
  'ünïcödé',
  '.hidden',
  '',
  'x'.repeat(257),
];

describe('urlPathSegment', () => {
  it('admits plain identifiers as they are', () => {
    for (const ok of ['gemini-2.5-flash', 'gpt-4o', 'my_deploy.v2', 'a', 'x'.repeat(256)]) expect(urlPathSegment(ok)).toBe(ok);
  });
  it('refuses anything that could leave its path segment, with a 400 naming the param', () => {
    for (const bad of HOSTILE) {
      expect(() => urlPathSegment(bad)).toThrow(expect.objectContaining({ status: 400, code: 'SY_ERR_INVALID_REQUEST', param: 'model' }));
    }
  });
});

describe('parseUpstreamUrl', () => {
  it('passes URLs that are sent as built', () => {
    for (const ok of [
      'https://api.openai.com/v1/chat/completions',
      'http://127.0.0.1:8080/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      'https://x.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    ]) {
      expect(parseUpstreamUrl(ok, 'p').href).toBe(ok);
    }
  });
  it('refuses URLs that parsing would rewrite: dot segments (plain or encoded), backslashes, fragments, raw spaces', () => {
    for (const bad of [
      'https://h/v1/models/../../x:generateContent',
      'https://h/v1/models/%2e%2e/%2E%2e/x',
      'https://h/v1/models/a\\..\\b',
      'https://h/v1/models/x#frag:generateContent',
      'https://h/v1/models/with space',
      'not a url',
    ]) {
      expect(() => parseUpstreamUrl(bad, 'p')).toThrow(expect.objectContaining({ status: 400, code: 'SY_ERR_INVALID_REQUEST' }));
    }
  });
});

describe('a provider that puts the model in its URL without care', () => {
  it('core refuses to send a URL a hostile model rewrote: nothing reaches the transport', async () => {
    const sent: UpstreamRequest[] = [];
    const echo = echoProvider();
    const naive = defineProvider({
      ...echo,
      type: 'naive',
      options: z.object({}).loose(),
      toUpstream: (req, call) => ({ ...echo.toUpstream(req, call), url: `http://naive.invalid/v1/models/${call.model}/chat` }),
      transport: (req, signal, call) => {
        sent.push(req);
        return echo.transport?.(req, signal, call) as never;
      },
    });
    const gw = await createGateway({ config: { providers: { n: { type: 'naive' } } }, providers: [naive] }).ready();
    for (const model of ['../../admin', '%2e%2e/%2e%2e/admin', 'x#y', 'a\\..\\..\\b']) {
      await expect(gw.chat({ model: `n/${model}`, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
        status: 400,
        code: 'SY_ERR_INVALID_REQUEST',
      });
    }
    expect(sent).toHaveLength(0);
    expect((await gw.chat({ model: 'n/fine', messages: [{ role: 'user', content: 'hi' }] })).model).toBe('fine');
    await gw.close();
  });
});
