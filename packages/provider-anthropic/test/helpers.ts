/** @module Replays recorded wire fixtures through the provider's pure transforms. */
import { readFileSync } from 'node:fs';
import type { StreamPart, UpstreamCall } from '@switchyard/core';
import { replayStream } from '@switchyard/testkit';
import { type AnthropicOptions, AnthropicOptionsSchema, anthropicProvider } from '../src/index.js';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export function makeCall(stream: boolean, options: Partial<AnthropicOptions> = {}): UpstreamCall<AnthropicOptions> {
  return {
    provider: 'a',
    model: 'claude-sonnet-4-5',
    options: { ...AnthropicOptionsSchema.parse({ apiKey: 'test-key' }), ...options },
    stream,
  };
}

/** Feeds the raw SSE bytes in small, event-splitting chunks, as a socket would. */
export function replayChunks(name: string, chunkSize = 37): StreamPart[] {
  return replayStream(anthropicProvider, Buffer.from(fixtureText(name), 'utf8'), makeCall(true), chunkSize);
}

export { assembleParts as assemble } from '@switchyard/testkit';
