/**
 * @module The inbound OpenAI Responses endpoint (`/v1/responses`) as pure translations (request
 * validation and conversion to the canonical request, canonical response and stream parts back to
 * Responses JSON and typed events) and the conversation state kept for upstreams that keep none.
 */
export { canonicalToResponse, outputItems, patchNativeOutput, type ResponseResult } from './canonical-to-response.js';
export { ConversationState, isResponseId, responseNotFound } from './conversation-state.js';
export { inputItemsToMessages, type TranslatedInput } from './input-items-to-messages.js';
export { ResponseEventEncoder, type ResponseEventEncoderOptions } from './response-event-encoder.js';
export {
  finalResponse,
  type Json,
  mintId,
  type ResponsesUsage,
  responseSkeleton,
  type SkeletonOptions,
  statusFor,
  toResponsesUsage,
} from './response-object.js';
export { type ResponsesConfig, ResponsesConfigSchema } from './responses-config.js';
export {
  type InputItem,
  parseResponsesRequest,
  type ResponsesRequest,
  ResponsesRequestSchema,
} from './responses-request-schema.js';
export { responsesToCanonical, type TranslatedRequest, type TranslateOptions } from './responses-to-canonical.js';
export { createResponseStore } from './store/create-response-store.js';
export { MemoryResponseStore } from './store/memory-response-store.js';
export type { ResponseStore, StoredResponse } from './store/response-store.js';
