/**
 * @module Where Responses requests go: `{baseUrl}/responses`; on Azure OpenAI the versionless v1 API,
 * `{endpoint}/openai/v1/responses` (the dated data-plane versions have no Responses endpoint).
 */
import { joinUrl } from '@switchyard/core';
import { azureOrigin } from './azure-url.js';
import type { OpenAIOptions } from './options.js';

export function responsesUrl(options: OpenAIOptions): string {
  if (options.azure) return `${azureOrigin(options.azure)}/openai/v1/responses`;
  return joinUrl(options.baseUrl, 'responses');
}
