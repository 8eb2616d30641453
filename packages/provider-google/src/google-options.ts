/** @module The provider's options in config (`providers.<name>` with `type: google`). */
import { z } from 'zod';

export const DEFAULT_GOOGLE_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

export const GoogleOptionsSchema = z.strictObject({
  /** Gemini API key, sent as `x-goog-api-key` (never in the URL, so it never lands in access logs). */
  apiKey: z.string().min(1),
  /** Up to and including the API version segment. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default(DEFAULT_GOOGLE_BASE_URL)
    .transform((u) => u.replace(/\/+$/, '')),
  /** Extra headers on every upstream request. They cannot replace `x-goog-api-key` or `content-type`. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Sent as-is as `safetySettings` (e.g. `[{ category: HARM_CATEGORY_HARASSMENT, threshold: BLOCK_ONLY_HIGH }]`). */
  safetySettings: z.array(z.looseObject({ category: z.string().min(1), threshold: z.string().min(1) })).optional(),
  /** Sent as-is as `generationConfig.thinkingConfig` (e.g. `{ includeThoughts: true, thinkingBudget: 1024 }`). */
  thinkingConfig: z.record(z.string(), z.unknown()).optional(),
  /**
   * When an assistant turn's tool calls carry no thought signature (history from another provider,
   * or a client that dropped it), put Gemini's documented `skip_thought_signature_validator`
   * sentinel on its first call, so Gemini 3 does not refuse the request with a 400.
   */
  thoughtSignatureFallback: z.boolean().default(true),
  /** Embeddings `taskType`, e.g. `RETRIEVAL_DOCUMENT` or `SEMANTIC_SIMILARITY`. */
  embeddingTaskType: z.string().min(1).optional(),
});

export type GoogleOptionsInput = z.input<typeof GoogleOptionsSchema>;
export type GoogleOptions = z.output<typeof GoogleOptionsSchema>;
