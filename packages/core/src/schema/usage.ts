/** @module Token usage in the OpenAI shape, plus the gateway's `estimated` marker. */
import { z } from 'zod';

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().int().optional() }).optional(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().optional() }).optional(),
});

/** Usage as providers report it. `estimated` is set when the gateway had to count tokens itself. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_creation_tokens?: number; [k: string]: unknown };
  completion_tokens_details?: { reasoning_tokens?: number; [k: string]: unknown };
  estimated?: boolean;
}

export function makeUsage(prompt: number, completion: number): Usage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
