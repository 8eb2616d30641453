/** @module Canonical sampling, limits and `response_format` -> Gemini `generationConfig`. */
import type { ChatRequest } from '@switchyard/core';
import type { GoogleOptions } from './google-options.js';
import type { GoogleGenerationConfig } from './google-wire-types.js';
import { toGoogleJsonSchema } from './map-google-tools.js';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function toGoogleGenerationConfig(req: ChatRequest, options: GoogleOptions): GoogleGenerationConfig | undefined {
  const config: GoogleGenerationConfig = {};
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (req.temperature != null) config.temperature = req.temperature;
  if (req.top_p != null) config.topP = req.top_p;
  if (req.stop != null) {
    const stop = typeof req.stop === 'string' ? [req.stop] : req.stop;
    if (stop.length) config.stopSequences = stop;
  }
  if (req.n != null) config.candidateCount = req.n;
  if (req.seed != null) config.seed = req.seed;
  const presence = num(req.presence_penalty);
  if (presence !== undefined) config.presencePenalty = presence;
  const frequency = num(req.frequency_penalty);
  if (frequency !== undefined) config.frequencyPenalty = frequency;

  const format = req.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    // responseJsonSchema takes JSON Schema as-is; the older responseSchema is an OpenAPI subset.
    if (format.json_schema.schema) config.responseJsonSchema = toGoogleJsonSchema(format.json_schema.schema);
  }

  if (options.thinkingConfig) config.thinkingConfig = options.thinkingConfig;
  return Object.keys(config).length ? config : undefined;
}
