/** @module @switchyard/testkit: helpers for plugin and provider authors. */

export {
  type FakeAnthropicOptions,
  type FakeAnthropicUpstream,
  type FakeBlock as FakeAnthropicBlock,
  type FakeError as FakeAnthropicError,
  type FakeHandler as FakeAnthropicHandler,
  type FakeReply as FakeAnthropicReply,
  type RecordedRequest as FakeAnthropicRequest,
  startFakeAnthropicUpstream,
  streamEvents as anthropicStreamEvents,
} from './fake-anthropic.js';
export { FakeClock } from './fake-clock.js';
export {
  type FakeGemini,
  type FakeGeminiHandler,
  type FakeGeminiReply,
  type FakeGeminiRequest,
  fakeEmbedding,
  startFakeGemini,
} from './fake-gemini.js';
export {
  completion as mistralCompletion,
  type FakeMistral,
  type FakeMistralHandler,
  type FakeMistralReply,
  type FakeMistralRequest,
  fakeEmbedding as fakeMistralEmbedding,
  mistralError,
  startFakeMistral,
  streamOf as mistralStreamOf,
} from './fake-mistral.js';
export { type FakeOpenAI, startFakeOpenAI } from './fake-openai.js';
export {
  createFakeResponsesHandler,
  type FakeResponsesControl,
  type FakeResponsesHandler,
  type FakeResponsesReply,
} from './fake-openai-responses.js';
export { responseEvents as openaiResponseEvents } from './fake-responses-events.js';
export {
  type FakeServer as FakeSelfHosted,
  type FakeServerOptions as FakeSelfHostedOptions,
  type FakeServerReply as FakeSelfHostedReply,
  type FakeServerRequest as FakeSelfHostedRequest,
  type Flavor as SelfHostedFlavor,
  fakeEmbedding as fakeSelfHostedEmbedding,
  startFakeServer as startFakeSelfHosted,
} from './fake-self-hosted.js';
export { type Behaviour, type FakeUpstream, type FakeUpstreamOptions, type RecordedRequest, startFakeUpstream } from './fake-upstream.js';
export { collect, fixtures } from './fixtures.js';
export { freePort, listenLocal, waitFor } from './free-port.js';
export { HOSTILE_MODEL_NAMES } from './hostile-model-names.js';
export {
  HOSTILE_CASES,
  type HostileCase,
  type HostileRequest,
  type HostileUpstream,
  type HostileUpstreamOptions,
  startHostileUpstream,
} from './hostile-upstream.js';
export { httpJson, type JsonAnswer, postJson } from './http-json.js';
export { startPostgres, type TestPostgres } from './postgres-server.js';
export { startRedis, type TestRedis } from './redis-server.js';
export { assembleParts, partsText, replayStream } from './replay-stream.js';
export { createTestGateway, type TestGatewayOptions } from './test-gateway.js';
