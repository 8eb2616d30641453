/**
 * @module A fake OpenAI upstream: the mock engine's real wire bytes for Chat Completions, Embeddings
 * and Models, the Responses API fake for `/v1/responses`, with misbehaviour on cue.
 */
import { createMockUpstreamHandler, type MockOptionsInput } from '@switchyard/provider-mock';
import { createFakeResponsesHandler, type FakeResponsesControl } from './fake-openai-responses.js';
import { type FakeUpstream, type FakeUpstreamOptions, startFakeUpstream } from './fake-upstream.js';

export interface FakeOpenAI extends FakeUpstream {
  /** The Responses API fake behind `/v1/responses`. */
  responses: FakeResponsesControl;
}

/**
 * @example
 * const up = await startFakeOpenAI({ script: [{ kind: 'status', status: 500 }] }); // first request fails, then echoes
 * // provider config: { type: 'openai', baseUrl: up.baseUrl, apiKey: 'test' }
 * up.responses.reply({ functionCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
 */
export async function startFakeOpenAI(
  options: { mock?: MockOptionsInput; script?: FakeUpstreamOptions['script']; apiKey?: string } = {},
): Promise<FakeOpenAI> {
  const chat = createMockUpstreamHandler(options.mock ?? {});
  const responses = createFakeResponsesHandler(options.apiKey);
  const up = await startFakeUpstream({
    handler: (req, res) => ((req.url ?? '').startsWith('/v1/responses') ? responses.handle(req, res) : chat(req, res)),
    script: options.script,
  });
  return Object.assign(up, { responses: responses.control });
}
