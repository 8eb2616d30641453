/**
 * @module Tool-call identity across the canonical format: Gemini function calls carry no id, so
 * the gateway makes stable ones; their thought signatures ride on the canonical tool call in the
 * key Google's own OpenAI-compatible endpoint uses, `extra_content.google.thought_signature`.
 */
import { createHash } from 'node:crypto';

/** Gemini's documented sentinel for function calls it did not generate (see thought-signatures FAQ). */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/**
 * `call_` + 24 hex chars of a hash of the response id, choice, position, name and arguments: the
 * same call in the same response gets the same id streamed or not, and ids differ across responses.
 */
export function googleToolCallId(responseId: string, choice: number, index: number, name: string, args: string): string {
  const digest = createHash('sha256').update(`${responseId}\u0000${choice}\u0000${index}\u0000${name}\u0000${args}`).digest('hex');
  return `call_${digest.slice(0, 24)}`;
}

export interface ThoughtSignatureExtra {
  extra_content: { google: { thought_signature: string } };
}

export function thoughtSignatureExtra(signature: string): ThoughtSignatureExtra {
  return { extra_content: { google: { thought_signature: signature } } };
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Reads a signature from a canonical tool call: `extra_content.google.thought_signature`, else a top-level `thought_signature`. */
export function readThoughtSignature(toolCall: Record<string, unknown>): string | undefined {
  const extra = toolCall.extra_content as { google?: { thought_signature?: unknown } } | undefined;
  return nonEmptyString(extra?.google?.thought_signature) ?? nonEmptyString(toolCall.thought_signature);
}
