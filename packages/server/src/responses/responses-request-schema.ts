/**
 * @module zod schema of an incoming OpenAI Responses request (`POST /v1/responses`), as the official
 * `openai` SDK and the Agents SDK send it. The fields the gateway translates are checked; item and tool
 * types it cannot translate parse as loose objects (they reach Responses-native upstreams as sent), and
 * unknown top-level fields are kept for them too.
 */
import { firstParam, formatZodError, SwitchyardError } from '@switchyard/core';
import { z } from 'zod';

/** Item, tool and tool_choice types: names, bounded because error messages quote them. */
const TypeName = z.string().min(1).max(64);

const InputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const InputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().min(1).nullish(),
  detail: z.enum(['low', 'high', 'auto', 'original']).nullish(),
});
const InputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
const InputAudio = z.looseObject({ type: z.literal('input_audio'), input_audio: z.looseObject({ data: z.string(), format: z.string() }) });
export const InputContentSchema = z.discriminatedUnion('type', [InputText, InputImage, InputFile, InputAudio]);

const OutputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const Refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

/** `{ role, content }` with or without `type: "message"`; assistant content may be output parts. */
const MessageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'system', 'developer', 'assistant']),
  content: z.union([z.string(), z.array(z.union([InputContentSchema, OutputText, Refusal]))]),
});

const FunctionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

const FunctionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(InputContentSchema)]),
});

const ReasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ text: z.string() })).optional(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

const ITEM_SCHEMAS: Record<string, z.ZodType> = {
  message: MessageItem,
  function_call: FunctionCallItem,
  function_call_output: FunctionCallOutputItem,
  reasoning: ReasoningItem,
};

/**
 * An item is checked by the schema of its `type` (a message when it has none), so an error names the
 * field at fault; other types (built-in tool calls and outputs, item references, compaction items)
 * reach only Responses-native upstreams and are passed as sent.
 */
export const InputItemSchema = z.looseObject({ type: TypeName.optional() }).superRefine((item, ctx) => {
  const schema = ITEM_SCHEMAS[item.type ?? 'message'];
  const r = schema?.safeParse(item);
  if (r && !r.success) for (const issue of r.error.issues) ctx.addIssue(issue as never);
});

export const FunctionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
/** web_search, file_search, computer_use, mcp, code_interpreter, image_generation, custom, ...: by `type`. */
const OtherTool = z.looseObject({ type: TypeName.refine((t) => t !== 'function') });
export const ToolSchema = z.union([FunctionToolSchema, OtherTool]);

const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
  z.looseObject({ type: TypeName.refine((t) => t !== 'function') }),
]);

const TextFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);

export const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(InputItemSchema)]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: TextFormatSchema.optional(), verbosity: z.string().nullish() }).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  metadata: z.record(z.string().max(64), z.string().max(512)).nullish(),
  user: z.string().optional(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  previous_response_id: z.string().min(1).max(256).nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  background: z.boolean().nullish(),
});

export type ResponsesRequest = z.infer<typeof ResponsesRequestSchema>;
export type InputItem = z.infer<typeof InputItemSchema>;
export type MessageInputItem = z.infer<typeof MessageItem>;
export type InputContent = z.infer<typeof InputContentSchema>;
export type ResponsesTool = z.infer<typeof ToolSchema>;

/** Validates a `/v1/responses` body; a 400 SwitchyardError names the first bad field. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'The request body must be a JSON object');
  }
  const r = ResponsesRequestSchema.safeParse(body);
  if (!r.success)
    throw new SwitchyardError('SY_ERR_INVALID_REQUEST', `Invalid request: ${formatZodError(r.error)}`, { param: firstParam(r.error) });
  return r.data;
}
