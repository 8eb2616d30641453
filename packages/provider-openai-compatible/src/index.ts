/** @module @switchyard/provider-openai-compatible: self-hosted OpenAI-compatible servers. */
import { openaiCompatibleProvider } from './openai-compatible-provider.js';

export { mapSelfHostedError } from './map-self-hosted-error.js';
export { assertCapabilities, toSelfHostedBody, toSelfHostedEmbeddingsBody } from './map-self-hosted-request.js';
export { fromSelfHostedResponse } from './map-self-hosted-response.js';
export {
  type DeploymentSettings,
  resolveSettings,
  type SelfHostedOptions,
  type SelfHostedOptionsInput,
  SelfHostedOptionsSchema,
} from './self-hosted-options.js';
export { flushThink, onSelfHostedStreamChunk } from './self-hosted-stream.js';
export {
  type DeploymentCapabilities,
  type MaxTokensField,
  SERVER_NAMES,
  SERVER_PRESETS,
  type ServerName,
  type ServerPreset,
} from './server-presets.js';
export { splitThinkTags, type ThinkSegment, ThinkTagSplitter } from './think-tags.js';
export { isOddToolCallId, stableToolCallId } from './tool-call-ids.js';
export { openaiCompatibleProvider };
export default openaiCompatibleProvider;
