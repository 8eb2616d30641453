import { SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { assemble, replayChunks } from './helpers.js';

describe('recorded Anthropic streams -> stream parts', () => {
  it('text: start, text deltas, finish and combined usage; ping ignored', () => {
    const parts = replayChunks('text.chunks.txt');
    expect(parts[0]).toMatchObject({ type: 'start', id: 'msg_01LzRvVVnCbNfKyqVc1Skcgk', model: 'claude-sonnet-4-5-20250929' });
    expect(parts.filter((p) => p.type === 'text').map((p) => (p as { delta: string }).delta)).toEqual([
      'Hello',
      '! How can I',
      ' help you today?',
    ]);
    expect(parts.slice(-2)).toEqual([
      { type: 'finish', choice: 0, reason: 'stop' },
      {
        type: 'usage',
        usage: {
          prompt_tokens: 14,
          completion_tokens: 12,
          total_tokens: 26,
          prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
        },
      },
    ]);
  });

  it('same parts whatever the chunking (events split across reads)', () => {
    for (const size of [1, 5, 64, 4096]) expect(replayChunks('tool-use.chunks.txt', size)).toEqual(replayChunks('tool-use.chunks.txt'));
  });

  it('streamed tool input: id+name first, then argument pieces; the empty first input_json_delta is dropped', () => {
    const parts = replayChunks('tool-use.chunks.txt');
    const calls = parts.filter((p) => p.type === 'tool-call');
    expect(calls[0]).toEqual({
      type: 'tool-call',
      choice: 0,
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      name: 'get_weather',
      arguments: '',
    });
    expect(calls.slice(1, 4).every((c) => c.type === 'tool-call' && c.id === undefined && c.arguments !== '')).toBe(true);
    const res = assemble(parts);
    const msg = res.choices[0]!.message;
    expect(msg.content).toBe("Okay, let's check the weather.");
    expect(msg.tool_calls).toEqual([
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' },
      },
      // A no-argument call streams no JSON; OpenAI clients get "{}" so JSON.parse works.
      { id: 'toolu_01Hq2pWk8oGJ4Xy5o2C3Fz9T', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(res.usage).toMatchObject({ prompt_tokens: 472, completion_tokens: 89, total_tokens: 561 });
  });

  it('thinking: thinking_delta -> reasoning; signature_delta -> an empty reasoning part carrying the signature', () => {
    const parts = replayChunks('thinking.chunks.txt');
    const reasoning = parts.filter((p) => p.type === 'reasoning');
    expect(reasoning.map((p) => (p as { delta: string }).delta).join('')).toContain('So GCD(1071, 462) = 21');
    expect(reasoning.at(-1)).toEqual({
      type: 'reasoning',
      choice: 0,
      delta: '',
      extra: { signature: expect.stringMatching(/^EqQBCgIYAhIM/) },
    });
    const res = assemble(parts);
    expect(res.choices[0]!.message.content).toBe('The greatest common divisor of 1071 and 462 is **21**.');
    expect(res.choices[0]!.finish_reason).toBe('stop');
  });

  it('usage with cache tokens: prompt = input + cache read + cache creation; stop_sequence -> stop', () => {
    const parts = replayChunks('cache-usage.chunks.txt');
    expect(parts.find((p) => p.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(parts.at(-1)).toEqual({
      type: 'usage',
      usage: {
        prompt_tokens: 188107,
        completion_tokens: 7,
        total_tokens: 188114,
        prompt_tokens_details: { cached_tokens: 188086, cache_creation_tokens: 0 },
      },
    });
  });

  it('message_delta usage overrides message_start input counts when present (cumulative)', () => {
    const parts = replayChunks('json-tool.chunks.txt');
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { prompt_tokens: 849, completion_tokens: 47 } });
  });

  it('json mode: the reserved tool streams as text content and finishes with stop', () => {
    const parts = replayChunks('json-tool.chunks.txt');
    expect(parts.some((p) => p.type === 'tool-call')).toBe(false);
    const res = assemble(parts);
    expect(JSON.parse(res.choices[0]!.message.content as string)).toEqual({ city: 'San Francisco', temperature: 58 });
    expect(res.choices[0]!.finish_reason).toBe('stop');
  });

  it('an error event becomes an error part (overloaded -> retryable, 529) and nothing follows it', () => {
    const parts = replayChunks('stream-error.chunks.txt');
    const last = parts.at(-1)!;
    expect(last.type).toBe('error');
    const err = (last as { error: SwitchyardError }).error;
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'SY_ERR_UPSTREAM', upstreamStatus: 529, retryable: true, provider: 'a' });
    expect(err.message).toContain('overloaded_error: Overloaded');
    expect(parts.filter((p) => p.type === 'usage')).toEqual([]);
  });
});
