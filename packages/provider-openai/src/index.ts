/** @module @switchyard/provider-openai: OpenAI Chat Completions and Embeddings, and Azure OpenAI. */
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
export { openaiProvider };
export default openaiProvider;
