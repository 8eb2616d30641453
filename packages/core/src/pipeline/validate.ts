/** @module Request validation at the boundary: precise 400s that name the offending field. */
import type { ZodType } from 'zod';
import { SwitchyardError } from '../errors.js';
import type { ChatRequest } from '../schema/chat-request.js';
import { ChatRequestSchema } from '../schema/chat-request.js';
import { type EmbeddingsRequest, EmbeddingsRequestSchema } from '../schema/embeddings.js';
import { checkModelName } from '../schema/request-bounds.js';
import { firstParam, formatZodError } from '../validation.js';

function parse<T>(schema: ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'The request body must be a JSON object');
  }
  // Before the schema: the name reaches logs, ledgers and headers, so an oversized one gets its own code.
  checkModelName((body as { model?: unknown }).model);
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', `Invalid request: ${formatZodError(r.error)}`, {
      param: firstParam(r.error),
    });
  }
  return r.data;
}

export function validateChatRequest(body: unknown): ChatRequest {
  const req = parse(ChatRequestSchema, body);
  if (req.stream_options && req.stream !== true) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'stream_options is only allowed when stream is true', {
      param: 'stream_options',
    });
  }
  return req;
}

export function validateEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  return parse(EmbeddingsRequestSchema, body);
}
