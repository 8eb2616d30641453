/** @module Fixture loading and replay through the provider's pure transforms. */
import { readFileSync } from 'node:fs';
import { createSseDecoder, type StreamPart, type UpstreamCall } from '@switchyard/core';
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
  const bytes = readFileSync(new URL(name, FIXTURES));
  const decoder = createSseDecoder();
  const state = googleProvider.createStreamState(call);
  const parts: StreamPart[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) {
    for (const evt of decoder.push(bytes.subarray(i, i + pieceSize))) parts.push(...googleProvider.fromStreamEvent(evt, state));
  }
  for (const evt of decoder.end()) parts.push(...googleProvider.fromStreamEvent(evt, state));
  parts.push(...(googleProvider.endStream?.(state) ?? []));
  return parts;
}

/** The Gemini request body a canonical request translates to. */
export function upstreamBody(req: Parameters<typeof googleProvider.toUpstream>[0], call = makeCall()): any {
  return JSON.parse(googleProvider.toUpstream(req, call).body as string);
}
