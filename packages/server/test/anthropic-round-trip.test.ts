import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicToCanonical } from '../src/anthropic/anthropic-to-canonical.js';
import { parseMessagesRequest } from '../src/anthropic/messages-request-schema.js';

/**
 * Each case pairs a canonical request with the Anthropic request the Anthropic provider builds
 * from it (provider-anthropic's tests assert that half against this same file). Here the
 * Anthropic request goes back through the inbound translation and must give the canonical one.
 */
const cases: { name: string; canonical: Record<string, unknown>; anthropic: Record<string, unknown> }[] = JSON.parse(
  readFileSync(new URL('./__fixtures__/anthropic-round-trip.json', import.meta.url), 'utf8'),
);

describe('round trip: canonical -> anthropic -> canonical', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(anthropicToCanonical(parseMessagesRequest(c.anthropic))).toEqual(c.canonical);
  });
});
