/** @module @switchyard/core: the engine. No HTTP server; usable in-process. */
export * from './config.js';
export * from './context.js';
export * from './errors.js';
export { ExtensionRegistry, type HealthCheck, type HealthReport } from './extension-registry.js';
export * from './extensions.js';
export {
  type CallInit,
  type ChatResult,
  createGateway,
  Gateway,
  type GatewayOptions,
  NO_MODEL_REQUEST,
  type PluginEntry,
} from './gateway.js';
export * from './hooks.js';
export { mapTransportError, type PoolStats, parseMaybeJson, readBody } from './http/upstream-client.js';
export { parseUpstreamUrl, urlPathSegment } from './http/url-safety.js';
export * from './logger.js';
export * from './openai-wire/index.js';
export type { PartBatch, PartStream, StreamEnd } from './pipeline/part-stream.js';
export { UPSTREAM_TIMING, type UpstreamTiming } from './pipeline/upstream-attempt.js';
export { validateChatRequest, validateEmbeddingsRequest } from './pipeline/validate.js';
export { CORE_VERSION, definePlugin, isPlugin, type PluginDefinition, pluginHooks, resolvePlugins } from './plugin.js';
export * from './provider.js';
export { backoffDelay } from './router/backoff.js';
export { CircuitBreaker, type CircuitState } from './router/circuit-breaker.js';
export { hashUnit, weightedOrder } from './router/route-plan.js';
export { SecretScrubber, scrubSecrets } from './router/secret-scrubber.js';
export * from './schema/index.js';
export * from './services.js';
export { StreamAssembler } from './stream/assemble.js';
export { createFastSseDecoder, createNdjsonDecoder, createSseDecoder, type EventDecoder } from './stream/event-decoder.js';
export { ChunkEncoder, type ChunkEncoderOptions, responseToParts } from './stream/openai-chunks.js';
export { countTokens, estimateUsage, loadTokenCounter, OutputText, promptText, responseText } from './usage/estimate-usage.js';
export { firstParam, formatZodError } from './validation.js';
