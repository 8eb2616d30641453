/**
 * @module Azure OpenAI endpoints. Dated API versions address a deployment in the path and the version
 * in the query: `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`. The `v1`
 * API is versionless and takes the deployment as `model`: `{endpoint}/openai/v1/chat/completions`.
 */
import type { OpenAIEndpoint } from '@switchyard/core';
import type { AzureOptions } from './options.js';

export function azureOrigin(azure: AzureOptions): string {
  const base = azure.endpoint ?? `https://${azure.resourceName}.openai.azure.com`;
  return base.replace(/\/+$/, '');
}

export function azureDeployment(azure: AzureOptions, model: string): string {
  return azure.deployments?.[model] ?? model;
}

export function azureUrl(azure: AzureOptions, endpoint: OpenAIEndpoint, model: string): string {
  const origin = azureOrigin(azure);
  if (azure.apiVersion === 'v1') return `${origin}/openai/v1/${endpoint}`;
  const deployment = encodeURIComponent(azureDeployment(azure, model));
  return `${origin}/openai/deployments/${deployment}/${endpoint}?api-version=${encodeURIComponent(azure.apiVersion)}`;
}
