/** @module @switchyard/provider-anthropic: Anthropic Messages (`/v1/messages`) for Switchyard. */
import { anthropicProvider } from './anthropic-provider.js';

export { type AnthropicOptions, type AnthropicOptionsInput, AnthropicOptionsSchema } from './anthropic-options.js';
export { anthropicProvider } from './anthropic-provider.js';
export type { AnthropicReasoningPart, AnthropicStreamState } from './anthropic-stream.js';
export { toCanonicalUsage } from './anthropic-usage.js';
export type * from './anthropic-wire-types.js';
export { buildMessagesBody, JSON_TOOL_NAME } from './build-anthropic-request.js';
export { toAnthropicToolId } from './convert-to-anthropic-messages.js';
export type { ThinkingBlockRecord } from './from-anthropic-response.js';
export { ANTHROPIC_ERROR_STATUS, anthropicErrorToSwitchyard, mapAnthropicError } from './map-anthropic-error.js';
export { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

export default anthropicProvider;
