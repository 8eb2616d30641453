/** @module The provider's options under `providers.<name>` in config. */
import { z } from 'zod';

export const AnthropicOptionsSchema = z.strictObject({
  /** Sent as `x-api-key`. Optional so a proxy in front can authenticate with `headers` instead. */
  apiKey: z.string().min(1).optional(),
  /** Up to and including the version segment, as the official SDK takes it. */
  baseUrl: z.url().default('https://api.anthropic.com/v1'),
  /** The `anthropic-version` header. */
  version: z.string().min(1).default('2023-06-01'),
  /** `max_tokens` when the caller sets neither `max_tokens` nor `max_completion_tokens` (Anthropic requires it). */
  defaultMaxTokens: z.number().int().positive().default(4096),
  /** Extra headers on every upstream request. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Beta features, sent as one comma-separated `anthropic-beta` header. */
  beta: z.array(z.string().min(1)).default([]),
  /**
   * How `response_format` json_object / json_schema is served:
   * `tool` forces a reserved tool whose input schema is the requested schema (works on every model);
   * `native` sends `output_config.format` for json_schema (Claude 4.5 and newer models only).
   */
  jsonMode: z.enum(['tool', 'native']).default('tool'),
  /**
   * Never send `temperature`, `top_p` or `top_k`. Models released after Claude Opus 4.6 reject any
   * value but the defaults with a 400, while OpenAI-style clients send them routinely.
   */
  omitSampling: z.boolean().default(false),
});

export type AnthropicOptionsInput = z.input<typeof AnthropicOptionsSchema>;
export type AnthropicOptions = z.output<typeof AnthropicOptionsSchema>;
