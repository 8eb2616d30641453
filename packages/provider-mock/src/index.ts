/** @module @switchyard/provider-mock: a deterministic fake OpenAI model, in-process or over HTTP. */
import { mockProvider } from './mock-provider.js';

export { type MockBehaviour, resolveBehaviour } from './behaviour.js';
export { createMockEngine, type MockEngine, type MockHeaders } from './engine.js';
export type { MockExchange } from './exchange.js';
export {
  createMockUpstreamHandler,
  type MockHandlerHooks,
  type MockRequestHandler,
  type MockRequestRecord,
  type MockUpstream,
  startMockUpstream,
} from './http-handler.js';
export { embedText } from './ngram-embedding.js';
export {
  type MockFailure,
  MockFailureSchema,
  type MockModelScript,
  MockModelScriptSchema,
  type MockOptions,
  type MockOptionsInput,
  MockOptionsSchema,
} from './options.js';
export { type MockReply, planReply } from './reply.js';
export { mockTransport } from './transport.js';
export { countWords } from './words.js';
export { mockProvider };
export default mockProvider;
