/**
 * @module The inbound Anthropic-compatible endpoint (`POST /v1/messages`, `/v1/messages/count_tokens`)
 * as pure translations: request validation and conversion to the canonical request, canonical
 * response and stream parts back to Anthropic JSON and SSE, and Anthropic-shaped errors.
 */
export {
  type AnthropicErrorBody,
  type AnthropicErrorResponse,
  type AnthropicErrorType,
  anthropicErrorType,
  toAnthropicError,
} from './anthropic-errors.js';
export { type AnthropicEventEncoder, type AnthropicEventEncoderOptions, createAnthropicEventEncoder } from './anthropic-event-encoder.js';
export { type AnthropicToCanonicalOptions, anthropicPromptToCanonical, anthropicToCanonical } from './anthropic-to-canonical.js';
export { type AnthropicUsageOut, toAnthropicUsage } from './anthropic-usage.js';
export {
  type AnthropicContentBlockOut,
  type AnthropicMessageOut,
  canonicalToAnthropicMessage,
  parseToolInput,
  toAnthropicMessageId,
} from './canonical-to-anthropic-message.js';
export { countTokensEstimate, estimateTextTokens } from './count-tokens.js';
export {
  type CountTokensRequest,
  CountTokensRequestSchema,
  type MessagesRequest,
  MessagesRequestSchema,
  parseCountTokensRequest,
  parseMessagesRequest,
} from './messages-request-schema.js';
export { type AnthropicStopReason, toAnthropicStopReason } from './stop-reason.js';
