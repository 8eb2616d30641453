/** Test helpers: load wire fixtures and replay raw SSE bytes through a provider's pure transforms. */
import { readFileSync } from 'node:fs';
import type { ProviderDefinition, StreamPart, UpstreamCall } from '@switchyard/core';
import { replayStream } from '@switchyard/testkit';

const dir = new URL('./__fixtures__/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/**
 * Feeds the fixture's bytes in `slice`-byte pieces (so events straddle reads, as on a socket) through
 * core's SSE decoder, then `fromStreamEvent` and `endStream`, exactly as core's stream pipeline does.
 */
export function replayChunks(provider: ProviderDefinition, name: string, call: UpstreamCall, slice = 17): StreamPart[] {
  return replayStream(provider, readFileSync(new URL(name, dir)), call, slice);
}

export { partsText as textOf } from '@switchyard/testkit';
