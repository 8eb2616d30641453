/**
 * @module Mistral accepts only tool-call ids of exactly nine letters or digits (a 400 "Tool call id was
 * ... but must be a-z, A-Z, 0-9, with a length of 9" otherwise). Ids minted by other providers
 * (`call_...`, `toolu_...`, `chatcmpl-tool-...`) are hashed to that shape.
 */
import { createHash } from 'node:crypto';

const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE = BigInt(ALPHABET.length);
const SPACE = BASE ** 9n;

export function isMistralToolCallId(id: string): boolean {
  return MISTRAL_ID.test(id);
}

/**
 * A pure function of the id: the assistant's call and the tool message answering it map alike, and
 * the same foreign id maps the same way in every request. Mistral's own ids pass through unchanged.
 * Nine base-62 digits of a SHA-256 leave about 1.4e16 values, so collisions within a conversation
 * are not a practical concern.
 */
export function toMistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  let n = createHash('sha256').update(id).digest().readBigUInt64BE(0) % SPACE;
  let out = '';
  for (let i = 0; i < 9; i++) {
    out = ALPHABET[Number(n % BASE)] + out;
    n /= BASE;
  }
  return out;
}
