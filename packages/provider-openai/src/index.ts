/** @module @switchyard/provider-openai: OpenAI Chat Completions, Responses and Embeddings, and Azure OpenAI. */
import { openaiProvider } from './openai-provider.js';

export { azureDeployment, azureOrigin, azureUrl } from './azure-url.js';
export {
  AZURE_DEFAULT_API_VERSION,
  type AzureOptions,
  AzureOptionsSchema,
  type OpenAIOptions,
  type OpenAIOptionsInput,
  OpenAIOptionsSchema,
} from './options.js';
export { adaptTokenLimit, isReasoningModel } from './reasoning-models.js';
export { canonicalText, type ResponsesInput, toResponsesInput } from './responses-input-items.js';
export { buildResponsesBody, isResponsesRequest } from './responses-request-body.js';
export { parseResponsesBody, responsesFinishReason, responsesUsage } from './responses-response.js';
export { endResponsesStream, isResponsesEvent, ResponsesStreamState, translateResponsesEvent } from './responses-stream.js';
export { responsesUrl } from './responses-url.js';
export * from './responses-wire-types.js';
export { openaiProvider };
export default openaiProvider;
