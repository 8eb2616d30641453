/** @module Canonical request -> OpenAI-compatible request body. The canonical format is the wire format. */
import type { ChatRequest } from '../schema/chat-request.js';
import type { EmbeddingsRequest } from '../schema/embeddings.js';
import { stripAnthropicExtensions } from './strip-foreign.js';

export interface ChatBodyOptions {
  /** The upstream model id that replaces the caller's alias. */
  model: string;
  stream: boolean;
  /** Ask for the final usage chunk (`stream_options.include_usage`) when streaming. */
  streamUsage: boolean;
}

/**
 * A shallow copy with `model` replaced and the stream fields made consistent. Unknown fields pass
 * through untouched, so vendor parameters reach servers that understand them.
 */
export function buildChatBody(req: ChatRequest, opts: ChatBodyOptions): Record<string, unknown> {
  const body = stripAnthropicExtensions({ ...req, model: opts.model });
  if (opts.stream) {
    body.stream = true;
    // The gateway needs usage for cost and quotas whatever the client asked for; core strips the
    // usage chunk again when the client did not ask for it.
    if (opts.streamUsage) body.stream_options = { ...(req.stream_options ?? {}), include_usage: true };
    else delete body.stream_options;
  } else {
    // OpenAI answers 400 to `stream_options` without `stream: true`.
    delete body.stream_options;
    if (body.stream !== undefined) body.stream = false;
  }
  return body;
}

/** Embeddings: replace `model` and ask for floats; core encodes base64 for clients that asked for it. */
export function buildEmbeddingsBody(req: EmbeddingsRequest, model: string): Record<string, unknown> {
  return { ...req, model, encoding_format: 'float' };
}
