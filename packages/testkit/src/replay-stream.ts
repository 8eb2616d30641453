/**
 * @module Replays recorded stream bytes (`__fixtures__/*.chunks.txt`) through core's SSE decoder and a
 * provider's pure transforms, exactly as core's stream pipeline does: in small byte pieces so events
 * and line endings straddle reads as on a socket, then the decoder's tail and `endStream`.
 */
import {
  type ChatResponse,
  createSseDecoder,
  type ProviderDefinition,
  StreamAssembler,
  type StreamPart,
  type UpstreamCall,
} from '@switchyard/core';

/**
 * @example
 * const parts = replayStream(openaiProvider, readFileSync('test/__fixtures__/text.chunks.txt'), call, 17);
 */
export function replayStream(provider: ProviderDefinition, bytes: Uint8Array, call: UpstreamCall, pieceSize = 17): StreamPart[] {
  const decoder = createSseDecoder();
  const state = provider.createStreamState(call);
  const parts: StreamPart[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) {
    for (const evt of decoder.push(bytes.subarray(i, i + pieceSize))) parts.push(...provider.fromStreamEvent(evt, state));
  }
  for (const evt of decoder.end()) parts.push(...provider.fromStreamEvent(evt, state));
  parts.push(...(provider.endStream?.(state) ?? []));
  return parts;
}

/** Folds parts into the ChatResponse a non-streaming call would have returned (ids and model from the parts). */
export function assembleParts(parts: readonly StreamPart[]): ChatResponse {
  const a = new StreamAssembler('fallback', 'fallback', 0);
  for (const p of parts) a.add(p);
  return a.result();
}

/** The concatenated text (or reasoning) deltas of a part list. */
export function partsText(parts: readonly StreamPart[], type: 'text' | 'reasoning' = 'text'): string {
  let out = '';
  for (const p of parts) if (p.type === type) out += p.delta;
  return out;
}
