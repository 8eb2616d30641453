/** @module A fake OpenAI upstream: the mock engine's real wire bytes, with misbehaviour on cue. */
import { createMockUpstreamHandler, type MockOptionsInput } from '@switchyard/provider-mock';
import { type FakeUpstream, type FakeUpstreamOptions, startFakeUpstream } from './fake-upstream.js';

/**
 * @example
 * const up = await startFakeOpenAI({ script: [{ kind: 'status', status: 500 }] }); // first request fails, then echoes
 * // provider config: { type: 'openai', baseUrl: up.baseUrl, apiKey: 'test' }
 */
export function startFakeOpenAI(options: { mock?: MockOptionsInput; script?: FakeUpstreamOptions['script'] } = {}): Promise<FakeUpstream> {
  return startFakeUpstream({ handler: createMockUpstreamHandler(options.mock ?? {}), script: options.script });
}
