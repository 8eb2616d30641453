/** @module Fixture loading and replay through the Mistral provider's pure transforms. */
import type { ChatRequest, StreamPart, UpstreamCall } from '@switchyard/core';
import { fixtures, replayStream } from '@switchyard/testkit';
import { type MistralOptions, type MistralOptionsInput, MistralOptionsSchema, mistralProvider } from '../src/index.js';

const fx = fixtures(import.meta.url);

export const SECRET = 'mistral-secret-key-0123';

export const fixtureText = fx.text;
export const fixtureJson = fx.json;

export function makeCall(
  overrides: Partial<Omit<UpstreamCall<MistralOptions>, 'options'>> & { options?: Partial<MistralOptionsInput> } = {},
): UpstreamCall<MistralOptions> {
  const { options, ...rest } = overrides;
  return {
    provider: 'mistral',
    model: 'mistral-small-latest',
    stream: false,
    ...rest,
    options: MistralOptionsSchema.parse({ apiKey: SECRET, ...options }),
  };
}

/**
 * Feeds a recorded `*.chunks.txt` through core's SSE decoder in `pieceSize`-byte pieces (so events
 * straddle reads as on a socket), then `fromStreamEvent` and `endStream`, as core's pipeline does.
 */
export function replayChunks(name: string, pieceSize = 23, call = makeCall({ stream: true })): StreamPart[] {
  return replayStream(mistralProvider, fx.bytes(name), call, pieceSize);
}

/** The Mistral request body a canonical request translates to. */
export function upstreamBody(req: ChatRequest, call = makeCall()): any {
  return JSON.parse(mistralProvider.toUpstream(req, call).body as string);
}

export { assembleParts as assemble, partsText as textOf } from '@switchyard/testkit';
