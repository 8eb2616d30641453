/** @module The OpenAI-compatible translation base: one wire format, many thin provider configurations. */
export { createOpenAICompatibleProvider, type OpenAICompatibleSpec, type OpenAIEndpoint } from './compatible-provider.js';
export { parseEmbeddingsResponse } from './embeddings.js';
export { type ErrorBodyReading, isStreamError, mapOpenAIError, readErrorBody, streamError, streamProtocolError } from './error-body.js';
export { mapFinishReason } from './finish-reason.js';
export { joinUrl, type OpenAICompatibleBaseOptions, type OpenAICompatibleOptions, OpenAICompatibleOptionsSchema } from './options.js';
export { buildChatBody, buildEmbeddingsBody, type ChatBodyOptions } from './request-body.js';
export { parseChatResponse } from './response.js';
export { chunkToParts, flushStream, type StreamChunkHook, translateStreamEvent } from './stream-chunk.js';
export { ChoiceTools, OpenAIStreamState, type ToolSlot } from './stream-state.js';
export { stripAnthropicExtensions } from './strip-foreign.js';
export { argumentsText, fallbackToolCallId } from './tool-calls.js';
export { normalizeUsage } from './usage.js';
export type * from './wire-types.js';
