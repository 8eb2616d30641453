import { type StreamPart, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { assemble, replayChunks, textOf } from './helpers.js';

describe('mistral stream replay', () => {
  it('text: one start, text deltas, finish, then the usage that came on the last content chunk', () => {
    const parts = replayChunks('mistral-text.chunks.txt');
    expect(parts[0]).toEqual({ type: 'start', id: '4b2c9f0e8a7d4c1e9f3a6b5d2e1c0a98', model: 'mistral-small-latest', created: 1760000000 });
    expect(textOf(parts)).toBe('Bonjour ! Comment puis-je vous aider ?');
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(parts.at(-1)).toEqual({ type: 'usage', usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 } });
    expect(parts.filter((p) => p.type === 'usage')).toHaveLength(1);
  });

  it('is independent of how the bytes are cut', () => {
    expect(replayChunks('mistral-text.chunks.txt', 1)).toEqual(replayChunks('mistral-text.chunks.txt', 4096));
  });

  it('tool calls arrive whole: each call is one part with id, name and complete arguments', () => {
    const parts = replayChunks('mistral-tool-calls.chunks.txt');
    expect(parts.filter((p) => p.type === 'tool-call')).toEqual([
      { type: 'tool-call', choice: 0, index: 0, id: 'D681PevKs', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { type: 'tool-call', choice: 0, index: 1, id: 'aX3kP9qLm', name: 'get_time', arguments: '{"tz": "Europe/Paris"}' },
    ]);
    const res = assemble(parts);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(res.usage).toEqual({ prompt_tokens: 120, completion_tokens: 41, total_tokens: 161 });
  });

  it('regression: continuation deltas with "id":"null" extend the call instead of starting a new one', () => {
    const res = assemble(replayChunks('devstral-null-id.chunks.txt'));
    expect(res.choices[0]!.message.content).toBe('Let me check.');
    expect(res.choices[0]!.message.tool_calls).toEqual([
      { id: 'Qw7Er9TyU', type: 'function', function: { name: 'read_file', arguments: '{"path": "README.md"}' } },
    ]);
  });

  it('magistral: thinking chunks become reasoning parts, text chunks and strings become text', () => {
    const parts = replayChunks('magistral-thinking.chunks.txt');
    expect(textOf(parts, 'reasoning')).toBe('The user says hello, I should greet back.');
    expect(textOf(parts)).toBe('Hello! How can I help?');
    const kinds = parts.map((p) => p.type);
    expect(kinds.lastIndexOf('reasoning')).toBeLessThan(kinds.indexOf('text'));
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { total_tokens: 48 } });
  });

  it('a separate choices:[] usage chunk (newer models) is read too', () => {
    const parts = replayChunks('mistral-usage-chunk.chunks.txt');
    expect(parts.at(-1)).toEqual({ type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
  });

  it('an in-stream {"object":"error"} ends the stream with an error part', () => {
    const parts = replayChunks('mistral-stream-error.chunks.txt');
    expect(textOf(parts)).toBe('Partial');
    const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
    expect(last.type).toBe('error');
    expect(SwitchyardError.isInstance(last.error)).toBe(true);
    expect(last.error.message).toContain('Service unavailable, please retry.');
    expect(parts.some((p) => p.type === 'usage' || p.type === 'finish')).toBe(false);
  });
});
