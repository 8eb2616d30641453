// Bad input on /v1/responses gets OpenAI's error shape with a stable code and the right status,
// names the field at fault, and never hurts the server.
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { mockProvider } from '@switchyard/provider-mock';
import { type FakeAnthropicUpstream, startFakeAnthropicUpstream } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, type RunningGateway, startGateway } from './harness.js';

let gw: RunningGateway;
let anthropic: FakeAnthropicUpstream;

beforeAll(async () => {
  anthropic = await startFakeAnthropicUpstream({ apiKey: 'k' });
  gw = await startGateway(
    {
      server: { bodyLimit: 64 * 1024 },
      providers: { mock: { type: 'mock' }, anthropic: { type: 'anthropic', apiKey: 'k', baseUrl: anthropic.baseUrl } },
      models: { echo: { provider: 'mock', model: 'echo' }, claude: { provider: 'anthropic', model: 'claude-sonnet-4-5' } },
    },
    { providers: [mockProvider, anthropicProvider] },
  );
});
afterAll(async () => {
  await gw?.close();
  await anthropic?.close();
});

const url = () => `${gw.baseURL}/responses`;

describe('bad input on /v1/responses', () => {
  const cases: [string, string | object, number, string, string | null][] = [
    ['invalid JSON', '{"model": "echo", "input": [', 400, 'invalid_json', null],
    ['not an object', '[1]', 400, 'invalid_request', null],
    ['missing model', { input: 'hi' }, 400, 'invalid_request', 'model'],
    ['no input at all', { model: 'echo' }, 400, 'invalid_request', 'input'],
    ['input of the wrong type', { model: 'echo', input: 42 }, 400, 'invalid_request', 'input'],
    [
      'a function_call without call_id',
      { model: 'echo', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
      400,
      'invalid_request',
      'input[0].call_id',
    ],
    ['temperature out of range', { model: 'echo', input: 'x', temperature: 7 }, 400, 'invalid_request', 'temperature'],
    ['unknown text.format', { model: 'echo', input: 'x', text: { format: { type: 'yaml' } } }, 400, 'invalid_request', 'text.format.type'],
    [
      'an image in a system message',
      { model: 'echo', input: [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] }] },
      400,
      'unsupported_capability',
      'input[0].content',
    ],
    [
      'a built-in tool on a non-OpenAI alias',
      { model: 'claude', input: 'x', tools: [{ type: 'web_search' }] },
      400,
      'unsupported_capability',
      'tools[0]',
    ],
    [
      'a file_id image on a non-OpenAI alias',
      { model: 'claude', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] },
      400,
      'unsupported_capability',
      'input[0].content[0]',
    ],
    [
      'an unknown previous_response_id',
      { model: 'claude', input: 'x', previous_response_id: 'resp_nope' },
      400,
      'previous_response_not_found',
      'previous_response_id',
    ],
    ['background mode', { model: 'echo', input: 'x', background: true }, 400, 'unsupported_capability', 'background'],
    ['an unknown model', { model: 'ghost', input: 'x' }, 404, 'model_not_found', 'model'],
  ];
  for (const [name, body, status, code, param] of cases) {
    it(`${name} -> ${status} ${code}`, async () => {
      const r = await postJson(url(), body);
      expect(r.status).toBe(status);
      expect(r.json.error).toMatchObject({ code, type: expect.any(String), message: expect.any(String) });
      expect(r.json.error.param).toBe(param);
      expect(r.text).not.toMatch(/\n\s+at /);
      expect(r.headers.get('x-request-id')).toBeTruthy();
    });
  }

  it('an item type is a bounded name: an oversized one is refused without being echoed', async () => {
    const long = `x${'y'.repeat(5000)}`;
    const r = await postJson(url(), { model: 'claude', input: [{ type: long }] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'invalid_request', param: 'input[0].type' });
    expect(r.text).not.toContain(long);
  });

  it('the SDK raises its typed errors with the code', async () => {
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const err = await client.responses.create({ model: 'claude', input: 'x', tools: [{ type: 'web_search' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('unsupported_capability');
    expect(err.message).toContain('the web_search tool needs an OpenAI Responses upstream');
  });

  it('an oversized body is 413 request_too_large, and the server keeps serving', async () => {
    const r = await postJson(url(), { model: 'echo', input: 'x'.repeat(100 * 1024) });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('request_too_large');
    const ok = await postJson(url(), { model: 'echo', input: 'still fine' });
    expect(ok.status).toBe(200);
    expect(ok.json.output[0].content[0].text).toContain('still fine');
  });
});
