/** @module Fixture loading and replay through the provider's pure transforms. */
import type { StreamPart, UpstreamCall } from '@switchyard/core';
import { fixtures, replayStream } from '@switchyard/testkit';
import { type GoogleOptions, type GoogleOptionsInput, GoogleOptionsSchema, googleProvider } from '../src/index.js';

const fx = fixtures(import.meta.url);

export const fixtureText = fx.text;
export const fixtureJson = fx.json;

export function makeCall(
  overrides: Partial<Omit<UpstreamCall<GoogleOptions>, 'options'>> & { options?: Partial<GoogleOptionsInput> } = {},
): UpstreamCall<GoogleOptions> {
  const { options, ...rest } = overrides;
  return {
    provider: 'g',
    model: 'gemini-2.5-flash',
    stream: false,
    ...rest,
    options: GoogleOptionsSchema.parse({ apiKey: 'test-key', ...options }),
  };
}

/**
 * Feeds a recorded `*.chunks.txt` through core's SSE decoder in pieces of `pieceSize` bytes (so
 * event and CRLF boundaries fall mid-piece), then the provider's stream transform and `endStream`.
 */
export function replayChunks(name: string, pieceSize = 64, call = makeCall({ stream: true })): StreamPart[] {
  return replayStream(googleProvider, fx.bytes(name), call, pieceSize);
}

/** The Gemini request body a canonical request translates to. */
export function upstreamBody(req: Parameters<typeof googleProvider.toUpstream>[0], call = makeCall()): any {
  return JSON.parse(googleProvider.toUpstream(req, call).body as string);
}
