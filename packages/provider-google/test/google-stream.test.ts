import { StreamAssembler, type StreamPart } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { googleProvider } from '../src/index.js';
import { fixtureJson, makeCall, replayChunks } from './helpers.js';

function assemble(parts: StreamPart[]) {
  const a = new StreamAssembler('x', 'm', 0);
  for (const p of parts) a.add(p);
  return a.result();
}

const withoutDynamic = ({ created: _c, ...rest }: { created: number; [k: string]: unknown }) => rest;

describe('fromStreamEvent: recorded alt=sse streams (\\r\\n\\r\\n framing)', () => {
  it('streams text: start once, text deltas, one finish, usage once at the end', () => {
    const parts = replayChunks('text.chunks.txt');
    expect(parts.map((p) => p.type)).toEqual(['start', 'text', 'text', 'finish', 'usage']);
    expect(parts[0]).toMatchObject({ type: 'start', id: 'chatcmpl-kB9DaeK0IPXz1e8PoNa8sQ4', model: 'gemini-2.5-flash' });
    expect(parts.filter((p) => p.type === 'text').map((p) => (p as { delta: string }).delta)).toEqual([
      'The capital of France',
      ' is Paris.',
    ]);
    expect(parts[3]).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(parts[4]).toEqual({
      type: 'usage',
      usage: { prompt_tokens: 8, completion_tokens: 28, total_tokens: 36, completion_tokens_details: { reasoning_tokens: 21 } },
    });
  });

  it.each([1, 7, 64, 4096])('decodes the same parts whatever the byte boundaries (%i-byte pieces)', (size) => {
    expect(replayChunks('thinking.chunks.txt', size).map(withoutDynamicPart)).toEqual(
      replayChunks('thinking.chunks.txt', 4096).map(withoutDynamicPart),
    );
  });

  it.each(['text', 'thinking', 'function-call'])('assembles %s.chunks.txt to what fromUpstream makes of %s.json', (name) => {
    const streamed = assemble(replayChunks(`${name}.chunks.txt`));
    const whole = googleProvider.fromUpstream(fixtureJson(`${name}.json`), makeCall());
    expect(withoutDynamic(streamed)).toEqual(withoutDynamic(whole));
  });

  it('streams thought parts as reasoning', () => {
    const parts = replayChunks('thinking.chunks.txt');
    expect(parts.map((p) => p.type)).toEqual(['start', 'reasoning', 'reasoning', 'text', 'finish', 'usage']);
  });

  it('streams each function call whole (id, name, full arguments) with its signature, and finishes with tool_calls', () => {
    const parts = replayChunks('function-call.chunks.txt');
    const calls = parts.filter((p) => p.type === 'tool-call');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      choice: 0,
      index: 0,
      name: 'get_weather',
      arguments: '{"city":"Paris","unit":"celsius"}',
      extra: { extra_content: { google: { thought_signature: 'CiQBVKhc7bLy1fh2ZXJ5LW9wYXF1ZS1zaWduYXR1cmUtMDAxEkIKQAFUqFzt' } } },
    });
    expect(calls[1]).toMatchObject({ choice: 0, index: 1, name: 'get_weather', arguments: '{"city":"London","unit":"celsius"}' });
    expect(calls[1]).not.toHaveProperty('extra');
    expect(parts.find((p) => p.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'tool_calls' });
    // The streamed ids equal the ones the same response gets without streaming.
    const whole = googleProvider.fromUpstream(fixtureJson('function-call.json'), makeCall());
    expect(calls.map((c) => (c as { id: string }).id)).toEqual(whole.choices[0]!.message.tool_calls!.map((c) => c.id));
  });

  it('ends a stream cut by the safety filter with content_filter', () => {
    const parts = replayChunks('safety-finish.chunks.txt');
    expect(parts.map((p) => p.type)).toEqual(['start', 'text', 'finish', 'usage']);
    expect(parts[2]).toEqual({ type: 'finish', choice: 0, reason: 'content_filter' });
  });

  it('finishes a blocked prompt with content_filter', () => {
    const state = googleProvider.createStreamState(makeCall({ stream: true }));
    const parts = googleProvider.fromStreamEvent({ data: JSON.stringify(fixtureJson('safety-prompt-blocked.json')) }, state);
    expect(parts.map((p) => p.type)).toEqual(['start', 'finish']);
    expect(parts[1]).toEqual({ type: 'finish', choice: 0, reason: 'content_filter' });
  });

  it('turns an error event after the first byte into an error part', () => {
    const parts = replayChunks('error-mid-stream.chunks.txt');
    expect(parts.map((p) => p.type)).toEqual(['start', 'text', 'error', 'usage']);
    const err = parts[2] as Extract<StreamPart, { type: 'error' }>;
    expect(err.error.code).toBe('SY_ERR_UPSTREAM');
    expect(err.error.upstreamStatus).toBe(500);
    expect(err.error.message).toContain('An internal error has occurred');
  });

  it('turns an event that is not JSON into a protocol error part', () => {
    const state = googleProvider.createStreamState(makeCall({ stream: true }));
    const parts = googleProvider.fromStreamEvent({ data: '{"candidates": [' }, state);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'SY_ERR_UPSTREAM_PROTOCOL' } });
  });

  it('keeps candidates apart by index and finishes each once', () => {
    const state = googleProvider.createStreamState(makeCall({ stream: true }));
    const chunk = (c: unknown[]) => ({ data: JSON.stringify({ candidates: c, responseId: 'r' }) });
    const parts = [
      ...googleProvider.fromStreamEvent(
        chunk([{ content: { parts: [{ text: 'a' }] } }, { content: { parts: [{ text: 'b' }] }, index: 1 }]),
        state,
      ),
      ...googleProvider.fromStreamEvent(chunk([{ finishReason: 'STOP' }, { finishReason: 'MAX_TOKENS', index: 1 }]), state),
      ...googleProvider.fromStreamEvent(chunk([{ finishReason: 'STOP' }]), state),
      ...(googleProvider.endStream?.(state) ?? []),
    ];
    expect(parts.filter((p) => p.type !== 'start')).toEqual([
      { type: 'text', choice: 0, delta: 'a' },
      { type: 'text', choice: 1, delta: 'b' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'finish', choice: 1, reason: 'length' },
    ]);
  });
});

function withoutDynamicPart(p: StreamPart) {
  return p.type === 'start' ? { ...p, created: 0 } : p;
}
