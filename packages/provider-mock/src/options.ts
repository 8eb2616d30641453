/** @module The mock provider's options: global behaviour plus scripts per model name. */
import { OpenAICompatibleOptionsSchema } from '@switchyard/core';
import { z } from 'zod';

const Ms = z.number().int().nonnegative();

export const MockFailureSchema = z.strictObject({
  /** HTTP status to answer with (4xx or 5xx), with an OpenAI error body. */
  status: z.number().int().min(400).max(599),
  message: z.string().optional(),
  /** Sent as `retry-after-ms` and `retry-after` (rounded up to seconds). Default 1000 for 429. */
  retryAfterMs: Ms.optional(),
  /** Only the first `times` requests for this model fail; later ones succeed (retry tests). */
  times: z.number().int().positive().optional(),
  /** A plain-text body instead of OpenAI error JSON (proxies, misbehaving servers). */
  plain: z.boolean().optional(),
});

export const MockToolCallSchema = z.strictObject({
  name: z.string().min(1),
  /** A JSON string, or an object that is serialized. */
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
});

export const MockModelScriptSchema = z.strictObject({
  /** The reply text. */
  reply: z.string().optional(),
  /** Replies by turn: the n-th reply answers a request with n assistant messages (cycling). */
  replies: z.array(z.string()).min(1).optional(),
  /** Called when the request offers tools and its last message is not a tool result. */
  toolCalls: z.array(MockToolCallSchema).min(1).optional(),
  /** Streamed as `reasoning_content` before the reply. */
  reasoning: z.string().optional(),
  finishReason: z.enum(['stop', 'length', 'tool_calls', 'content_filter']).optional(),
  /** Overrides the counted usage. */
  usage: z.strictObject({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).optional(),
  chunks: z.number().int().positive().optional(),
  chunkDelayMs: Ms.optional(),
  latencyMs: Ms.optional(),
  /** Drop the connection after this many streamed content chunks. */
  dropAfter: Ms.optional(),
  /** Send an in-stream `{"error": ...}` event after this many content chunks. */
  errorAfter: Ms.optional(),
  fail: MockFailureSchema.optional(),
});

export const MockOptionsSchema = OpenAICompatibleOptionsSchema.extend({
  /** Shown in upstream requests only: the mock never opens a socket. */
  baseUrl: z.url().default('http://mock.invalid/v1'),
  /** When set, requests must carry it (`authorization: Bearer` or `api-key`), else 401. */
  apiKey: z.string().min(1).optional(),
  models: z.record(z.string(), MockModelScriptSchema).default({}),
  /** Content chunks per streamed reply. Default: one per word. */
  chunks: z.number().int().positive().optional(),
  chunkDelayMs: Ms.default(0),
  /** Delay before response headers. */
  latencyMs: Ms.default(0),
  /** Embedding size when the request sets no `dimensions`. */
  embeddingDimensions: z.number().int().min(1).max(8192).default(256),
});

export type MockFailure = z.output<typeof MockFailureSchema>;
export type MockModelScript = z.output<typeof MockModelScriptSchema>;
export type MockOptions = z.output<typeof MockOptionsSchema>;
export type MockOptionsInput = z.input<typeof MockOptionsSchema>;
