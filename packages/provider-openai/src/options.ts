/** @module Options of the `openai` provider type, including Azure OpenAI. */
import { OpenAICompatibleOptionsSchema } from '@switchyard/core';
import { z } from 'zod';

/** The latest GA version of Azure OpenAI's dated data-plane inference API. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/** Deployment names go into URL paths, so they are single plain segments. */
const DEPLOYMENT_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,255}$/;

export const AzureOptionsSchema = z
  .strictObject({
    /** `https://{resourceName}.openai.azure.com`. */
    resourceName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'an Azure resource name: letters, digits and -')
      .optional(),
    /** The resource endpoint instead of its name, e.g. a custom domain. */
    endpoint: z.url().optional(),
    /** A dated API version (`2024-10-21`), or `v1` for Azure's versionless `/openai/v1` API. */
    apiVersion: z.string().min(1).default(AZURE_DEFAULT_API_VERSION),
    /** Upstream model -> deployment name. A model not listed is used as its own deployment name. */
    deployments: z
      .record(z.string(), z.string().regex(DEPLOYMENT_NAME, 'a deployment name: letters, digits, . _ and -, not starting with .'))
      .optional(),
  })
  .refine((a) => (a.resourceName === undefined) !== (a.endpoint === undefined), {
    message: 'set exactly one of resourceName or endpoint',
  });

export const OpenAIOptionsSchema = OpenAICompatibleOptionsSchema.extend({
  baseUrl: z.url().default('https://api.openai.com/v1'),
  /** Sent as `openai-organization`. */
  organization: z.string().min(1).optional(),
  /** Sent as `openai-project`. */
  project: z.string().min(1).optional(),
  /** Azure OpenAI instead of api.openai.com: deployment URLs and the `api-key` header. */
  azure: AzureOptionsSchema.optional(),
});

export type AzureOptions = z.output<typeof AzureOptionsSchema>;
export type OpenAIOptions = z.output<typeof OpenAIOptionsSchema>;
export type OpenAIOptionsInput = z.input<typeof OpenAIOptionsSchema>;
