/**
 * @module OpenAI reasoning models (o-series, gpt-5) reject `max_tokens` with a 400 asking for
 * `max_completion_tokens`; clients written for older models still send `max_tokens`.
 */

const REASONING = /^(o\d|gpt-5)/;

export function isReasoningModel(model: string): boolean {
  return REASONING.test(model);
}

/** Renames `max_tokens` for reasoning models unless the request already set `max_completion_tokens`. */
export function adaptTokenLimit(body: Record<string, unknown>, model: string): Record<string, unknown> {
  if (body.max_tokens === undefined || !isReasoningModel(model)) return body;
  if (body.max_completion_tokens === undefined || body.max_completion_tokens === null) body.max_completion_tokens = body.max_tokens;
  delete body.max_tokens;
  return body;
}
