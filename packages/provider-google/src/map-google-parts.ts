/** @module One Gemini response part -> what it means canonically. Shared by whole responses and streams. */
import { googleToolCallId, type ThoughtSignatureExtra, thoughtSignatureExtra } from './google-tool-call.js';
import type { GooglePart } from './google-wire-types.js';

export interface CanonicalCall {
  id: string;
  name: string;
  arguments: string;
  extra: ThoughtSignatureExtra | undefined;
}

export type PartMeaning =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'call'; call: CanonicalCall }
  | { kind: 'none' };

const NONE: PartMeaning = { kind: 'none' };

/**
 * `responseId` salts the generated tool-call ids; `index` is the call's position within its choice.
 * Parts the canonical format cannot carry (inline images, code execution, signature-only parts)
 * mean nothing here.
 */
export function readGooglePart(part: GooglePart, responseId: string, choice: number, index: number): PartMeaning {
  if (part.functionCall) {
    const fc = part.functionCall;
    const args = JSON.stringify(fc.args ?? {});
    return {
      kind: 'call',
      call: {
        id: fc.id || googleToolCallId(responseId, choice, index, fc.name, args),
        name: fc.name,
        arguments: args,
        extra: part.thoughtSignature ? thoughtSignatureExtra(part.thoughtSignature) : undefined,
      },
    };
  }
  if (typeof part.text === 'string' && part.text !== '') return { kind: part.thought ? 'reasoning' : 'text', text: part.text };
  return NONE;
}
