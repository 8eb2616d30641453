/** @module `openaiProvider`: OpenAI and Azure OpenAI as a configuration of the OpenAI-compatible base. */
import { createOpenAICompatibleProvider } from '@switchyard/core';
import { azureDeployment, azureUrl } from './azure-url.js';
import { type OpenAIOptions, OpenAIOptionsSchema } from './options.js';
import { adaptTokenLimit } from './reasoning-models.js';

function authHeaders(options: OpenAIOptions): Record<string, string> {
  const h: Record<string, string> = {};
  if (options.azure) {
    if (options.apiKey) h['api-key'] = options.apiKey;
    return h;
  }
  if (options.apiKey) h.authorization = `Bearer ${options.apiKey}`;
  if (options.organization) h['openai-organization'] = options.organization;
  if (options.project) h['openai-project'] = options.project;
  return h;
}

/**
 * @example
 * // providers: { openai: { type: openai, apiKey: "${OPENAI_API_KEY}" } }
 * // providers: { azure: { type: openai, apiKey: "${AZURE_OPENAI_API_KEY}", azure: { resourceName: acme } } }
 * createGateway({ config, providers: [openaiProvider] });
 */
export const openaiProvider = createOpenAICompatibleProvider<OpenAIOptions>({
  type: 'openai',
  options: OpenAIOptionsSchema,
  passthrough: true,
  authHeaders,
  url(endpoint, call) {
    const { azure, baseUrl } = call.options;
    if (azure) return azureUrl(azure, endpoint, call.model);
    return `${baseUrl.replace(/\/+$/, '')}/${endpoint}`;
  },
  mapRequest(body, call) {
    // OpenAI has no top_k and rejects unknown parameters (it can arrive from Anthropic clients).
    delete body.top_k;
    // Azure's v1 API routes by `model`; the dated API ignores it. Either way it names the deployment.
    if (call.options.azure) body.model = azureDeployment(call.options.azure, call.model);
    return adaptTokenLimit(body, call.model);
  },
  mapEmbeddingsRequest(body, call) {
    if (call.options.azure) body.model = azureDeployment(call.options.azure, call.model);
    return body;
  },
});
