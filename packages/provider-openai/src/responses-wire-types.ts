/**
 * @module The slice of the OpenAI Responses wire format this provider reads and writes, and the
 * extension keys a canonical request carries when it came in through `/v1/responses` (set by the
 * server's inbound translation; see the README's "Responses upstream mode").
 */

/** Any Responses item (input or output), read by `type` and a few common fields only. */
export interface ResponsesItem {
  type?: string;
  id?: string | null;
  [k: string]: unknown;
}

export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface ResponsesBody {
  id?: string;
  object?: string;
  created_at?: number;
  model?: string;
  status?: string;
  error?: { code?: string | null; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: ResponsesItem[];
  usage?: ResponsesUsage | null;
  [k: string]: unknown;
}

/** Canonical request keys set by the `/v1/responses` translation. */
export interface ResponsesRequestExtensions {
  /** Every Responses request field without a canonical form (store, include, built-in tools, ...). */
  responses_extra?: Record<string, unknown>;
}

/** Canonical message keys set by the `/v1/responses` translation. */
export interface ResponsesMessageExtensions {
  /** The original items this message was made from, sent as-is while the message is unchanged. */
  responses_items?: ResponsesItem[];
  /** Items with no canonical form (built-in tool calls, item references) just before this message. */
  responses_before?: ResponsesItem[];
  /** Items with no canonical form after the last message. */
  responses_after?: ResponsesItem[];
  /** This system message is the request's `instructions`. */
  responses_instructions?: boolean;
  /** Made up for other providers (a tool output's images, a placeholder); a Responses upstream skips it. */
  responses_synthetic?: boolean;
}

/** Canonical content-part key: the original Responses part when it has no canonical form (a `file_id` image). */
export interface ResponsesPartExtensions {
  responses_part?: Record<string, unknown>;
}

/**
 * Stream parts the Responses upstream mode emits beyond text, reasoning and tool calls ride on
 * zero-length `reasoning` parts with `extra.responses_item` (an upstream output item: a reasoning item's
 * id and encrypted content, a message's id and phase, a built-in tool call), as Anthropic signatures do.
 * Tool-call parts carry the upstream item id as `extra.responses_item_id`.
 */
export const RESPONSES_ITEM = 'responses_item';
export const RESPONSES_ITEM_ID = 'responses_item_id';
