/** @module Fixture loading and replay through the provider's pure transforms. */
import { readFileSync } from 'node:fs';
import type { StreamPart, UpstreamCall } from '@switchyard/core';
import { replayStream } from '@switchyard/testkit';
import { type GoogleOptions, type GoogleOptionsInput, GoogleOptionsSchema, googleProvider } from '../src/index.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

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
  return replayStream(googleProvider, readFileSync(new URL(name, FIXTURES)), call, pieceSize);
}

/** The Gemini request body a canonical request translates to. */
export function upstreamBody(req: Parameters<typeof googleProvider.toUpstream>[0], call = makeCall()): any {
  return JSON.parse(googleProvider.toUpstream(req, call).body as string);
}
