/**
 * Both halves of the Anthropic translation, live: this provider (canonical -> Anthropic upstream)
 * and the server's inbound /v1/messages translation (Anthropic client -> canonical), imported from
 * source. A Claude client behind the gateway in front of Anthropic must see what Anthropic sent.
 */
import { readFileSync } from 'node:fs';
import { createSseDecoder, type StreamPart } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { canonicalToAnthropicMessage, createAnthropicEventEncoder } from '../../server/src/anthropic/index.js';
import { anthropicProvider, buildMessagesBody } from '../src/index.js';
import { fixtureJson, fixtureText, makeCall, replayChunks } from './helpers.js';

const roundTrip: { name: string; canonical: any; anthropic: any }[] = JSON.parse(
  readFileSync(new URL('../../server/test/__fixtures__/anthropic-round-trip.json', import.meta.url), 'utf8'),
);

function events(text: string): { event: string; data: any }[] {
  const d = createSseDecoder();
  return [...d.push(Buffer.from(text)), ...d.end()].map((e) => ({ event: e.event ?? '', data: JSON.parse(e.data) }));
}

/** The client-visible content of an event sequence: block starts, concatenated deltas per block, stop reason. */
function digest(evts: { event: string; data: any }[]) {
  const blocks: Record<number, { type: string; text: string; signature?: string }> = {};
  let stop: string | undefined;
  let output: number | undefined;
  for (const { event, data } of evts) {
    if (event === 'content_block_start') {
      const cb = data.content_block;
      blocks[data.index] = { type: cb.type, text: cb.type === 'tool_use' ? `${cb.id}:${cb.name}:` : '' };
    } else if (event === 'content_block_delta') {
      const b = blocks[data.index]!;
      const dl = data.delta;
      if (dl.type === 'signature_delta') b.signature = dl.signature;
      else b.text += dl.text ?? dl.thinking ?? dl.partial_json ?? '';
    } else if (event === 'message_delta') {
      stop = data.delta.stop_reason;
      output = data.usage.output_tokens;
    }
  }
  // input_json_delta events are compared through the block text: empty pieces are not replayed.
  const names = evts.filter((e) => e.event !== 'ping' && e.data.delta?.type !== 'input_json_delta').map((e) => e.event);
  return { blocks, stop, output, names };
}

describe('canonical -> Anthropic request (the half the server round-trip fixture relies on)', () => {
  it.each(roundTrip.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(buildMessagesBody(c.canonical, { ...makeCall(false), model: c.canonical.model })).toEqual(c.anthropic);
  });
});

describe('Anthropic response -> canonical -> Anthropic response', () => {
  it.each(['text.json', 'tool-use.json', 'thinking.json', 'cache-usage.json'])('%s', (name) => {
    const original = fixtureJson(name);
    const back = canonicalToAnthropicMessage(anthropicProvider.fromUpstream(original, makeCall(false)), original.model);
    expect(back.id).toBe(original.id);
    expect(back.content).toEqual(original.content);
    expect(back.stop_reason).toBe(original.stop_reason);
    expect(back.usage).toEqual({
      input_tokens: original.usage.input_tokens,
      output_tokens: original.usage.output_tokens,
      cache_creation_input_tokens: original.usage.cache_creation_input_tokens,
      cache_read_input_tokens: original.usage.cache_read_input_tokens,
    });
  });

  it('stop_sequence survives', () => {
    const original = { ...fixtureJson('text.json'), stop_reason: 'stop_sequence', stop_sequence: '###' };
    const back = canonicalToAnthropicMessage(anthropicProvider.fromUpstream(original, makeCall(false)), 'm');
    expect([back.stop_reason, back.stop_sequence]).toEqual(['stop_sequence', '###']);
  });
});

describe('Anthropic SSE -> stream parts -> Anthropic SSE', () => {
  it.each(['text.chunks.txt', 'tool-use.chunks.txt', 'thinking.chunks.txt', 'cache-usage.chunks.txt'])('%s', (name) => {
    const parts: StreamPart[] = replayChunks(name);
    const enc = createAnthropicEventEncoder({ model: 'claude-sonnet-4-5' });
    const out = parts.map((p) => enc.encode(p)).join('') + enc.end();
    const original = digest(events(fixtureText(name)));
    const replayed = digest(events(out));
    expect(replayed.names).toEqual(original.names);
    expect(replayed.output).toBe(original.output);
    // Known loss: the matched stop sequence has no canonical stream field (FinishPart has no extra).
    expect(replayed.stop).toBe(original.stop === 'stop_sequence' ? 'end_turn' : original.stop);
    // A no-argument tool call streams '{}' after the round trip (OpenAI clients need valid JSON).
    for (const b of Object.values(original.blocks)) if (b.type === 'tool_use' && b.text.endsWith(':')) b.text += '{}';
    expect(replayed.blocks).toEqual(original.blocks);
  });

  it('a mid-stream error event comes back as an Anthropic error event', () => {
    const enc = createAnthropicEventEncoder({ model: 'm' });
    const out = replayChunks('stream-error.chunks.txt')
      .map((p) => enc.encode(p))
      .join('');
    expect(events(out).at(-1)).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: 'Provider "a" stream failed: overloaded_error: Overloaded' } },
    });
  });
});
