/** @module Options of the `mistral` provider type. */
import { OpenAICompatibleOptionsSchema } from '@switchyard/core';
import { z } from 'zod';

export const MISTRAL_BASE_URL = 'https://api.mistral.ai/v1';

/**
 * The base options without `streamUsage`: Mistral rejects `stream_options` with a 422 and reports
 * usage on the last content chunk anyway, so there is nothing to turn on or off.
 */
export const MistralOptionsSchema = OpenAICompatibleOptionsSchema.omit({ streamUsage: true }).extend({
  baseUrl: z.url().default(MISTRAL_BASE_URL),
  /** Sent as `safe_prompt` on every chat request that does not set it itself. */
  safePrompt: z.boolean().optional(),
});

export type MistralOptions = z.output<typeof MistralOptionsSchema>;
export type MistralOptionsInput = z.input<typeof MistralOptionsSchema>;
