/**
 * @module zod schema of an incoming Anthropic Messages request (`POST /v1/messages`), as the
 * official `@anthropic-ai/sdk` and Claude Code send it. Known fields are checked; unknown top-level
 * fields (beta features such as `context_management`, `container`, `mcp_servers`) are accepted and
 * ignored, because a gateway that 400s on them would break those clients.
 */
import { checkModelName, firstParam, formatZodError, SwitchyardError } from '@switchyard/core';
import { z } from 'zod';

const CacheControl = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
const cache = { cache_control: CacheControl.nullish() };

export const TextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), ...cache, citations: z.unknown().optional() });

const ImageSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);
export const ImageBlockSchema = z.looseObject({ type: z.literal('image'), source: ImageSource, ...cache });

const DocumentSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.literal('content'), content: z.unknown() }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);
export const DocumentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: DocumentSource,
  title: z.string().nullish(),
  context: z.string().nullish(),
  ...cache,
});

export const ToolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  ...cache,
});

export const ToolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.union([TextBlockSchema, ImageBlockSchema, z.looseObject({ type: z.string() })]))]).optional(),
  is_error: z.boolean().optional(),
  ...cache,
});

export const ThinkingBlockSchema = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
export const RedactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const KNOWN_BLOCK_TYPES = new Set(['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking']);

const KnownBlock = z.discriminatedUnion('type', [
  TextBlockSchema,
  ImageBlockSchema,
  DocumentBlockSchema,
  ToolUseBlockSchema,
  ToolResultBlockSchema,
  ThinkingBlockSchema,
  RedactedThinkingBlockSchema,
]);

/**
 * Blocks the gateway cannot translate (server_tool_use, web_search_tool_result, search_result,
 * container_upload, ...) parse here and are refused by `anthropicToCanonical` with a message
 * that names them, rather than as an opaque union error.
 */
const OtherBlock = z.looseObject({ type: z.string().refine((t) => !KNOWN_BLOCK_TYPES.has(t)) });

export const ContentBlockSchema = z.union([KnownBlock, OtherBlock]);

export const MessageParamSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(ContentBlockSchema)]),
});

/** A client tool: `type` absent, null or "custom". */
export const CustomToolSchema = z.looseObject({
  type: z.union([z.literal('custom'), z.null()]).optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  strict: z.boolean().optional(),
  ...cache,
});

/** Anthropic-defined tools (web_search_20250305, bash_20250124, text_editor_*, ...), by versioned `type`. */
export const ServerToolSchema = z.looseObject({ type: z.string().refine((t) => t !== 'custom'), name: z.string() });

export const ToolSchema = z.union([CustomToolSchema, ServerToolSchema]);

export const ToolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
]);

export const ThinkingSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }),
  z.looseObject({ type: z.literal('disabled') }),
  z.looseObject({ type: z.literal('adaptive') }),
]);

const requestShape = {
  model: z.string().min(1),
  messages: z.array(MessageParamSchema).min(1),
  system: z.union([z.string(), z.array(TextBlockSchema)]).optional(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  thinking: ThinkingSchema.optional(),
  output_config: z
    .looseObject({
      format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
    })
    .optional(),
};

export const MessagesRequestSchema = z.looseObject({
  ...requestShape,
  max_tokens: z.number().int().positive(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  service_tier: z.string().optional(),
});

/** `POST /v1/messages/count_tokens` takes the prompt fields only. */
export const CountTokensRequestSchema = z.looseObject(requestShape);

export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof CountTokensRequestSchema>;
export type AnthropicContentBlockIn = z.infer<typeof ContentBlockSchema>;
export type AnthropicMessageIn = z.infer<typeof MessageParamSchema>;
export type AnthropicToolIn = z.infer<typeof ToolSchema>;

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'The request body must be a JSON object');
  }
  checkModelName((body as { model?: unknown }).model);
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', formatZodError(r.error), { param: firstParam(r.error) });
  }
  return r.data;
}

/** Validates a `/v1/messages` body; a 400 SwitchyardError names the first bad field. */
export function parseMessagesRequest(body: unknown): MessagesRequest {
  return parseWith(MessagesRequestSchema, body);
}

export function parseCountTokensRequest(body: unknown): CountTokensRequest {
  return parseWith(CountTokensRequestSchema, body);
}
