/** @module @switchyard/testkit: helpers for plugin and provider authors. */
export { FakeClock } from './fake-clock.js';
export { startFakeOpenAI } from './fake-openai.js';
export { type Behaviour, type FakeUpstream, type FakeUpstreamOptions, type RecordedRequest, startFakeUpstream } from './fake-upstream.js';
export { createTestGateway, type TestGatewayOptions } from './test-gateway.js';
