/**
 * @module Azure OpenAI endpoints. Dated API versions address a deployment in the path and the version
 * in the query: `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`. The `v1`
 * API is versionless and takes the deployment as `model`: `{endpoint}/openai/v1/chat/completions`.
 */
import { type OpenAIEndpoint, urlPathSegment } from '@switchyard/core';
import type { AzureOptions } from './options.js';

export function azureOrigin(azure: AzureOptions): string {
  const base = azure.endpoint ?? `https://${azure.resourceName}.openai.azure.com`;
  return base.replace(/\/+$/, '');
}

/** The deployment a model is served by: its entry in `deployments` (own keys only), else the model itself. */
export function azureDeployment(azure: AzureOptions, model: string): string {
  const map = azure.deployments;
  return map && Object.hasOwn(map, model) ? (map[model] as string) : model;
}

export function azureUrl(azure: AzureOptions, endpoint: OpenAIEndpoint, model: string): string {
  const origin = azureOrigin(azure);
  if (azure.apiVersion === 'v1') return `${origin}/openai/v1/${endpoint}`;
  // The model comes from the request: it must stay one path segment (no `..`, `/`, `?`, `#`, `%`).
  const deployment = urlPathSegment(azureDeployment(azure, model));
  return `${origin}/openai/deployments/${deployment}/${endpoint}?api-version=${encodeURIComponent(azure.apiVersion)}`;
}
