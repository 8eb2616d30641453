import { type StreamPart, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { assemble, replayChunks, textOf } from './helpers.js';

describe('openai-compatible stream replay', () => {
  it('vllm: text, finish, then the include_usage chunk (null detail objects dropped)', () => {
    const parts = replayChunks('vllm-text.chunks.txt', { server: 'vllm' });
    expect(parts[0]).toEqual({
      type: 'start',
      id: 'chatcmpl-3f5a1c9e7b2d4e6f8a0b1c2d3e4f5a6b',
      model: 'Qwen/Qwen2.5-7B-Instruct',
      created: 1760001000,
    });
    expect(textOf(parts)).toBe('The sky is blue.');
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(parts.at(-1)).toEqual({ type: 'usage', usage: { prompt_tokens: 14, completion_tokens: 5, total_tokens: 19 } });
  });

  it('vllm: a tool call streamed in argument pieces keeps its id', () => {
    const res = assemble(replayChunks('vllm-tool-call.chunks.txt', { server: 'vllm' }));
    expect(res.choices[0]!.message.tool_calls).toEqual([
      {
        id: 'chatcmpl-tool-8c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
      },
    ]);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('ollama without stream_options: no usage part at all (core estimates it), the provider invents none', () => {
    const parts = replayChunks('ollama-text.chunks.txt', { server: 'ollama' });
    expect(textOf(parts)).toBe('Hello there!');
    expect(parts.some((p) => p.type === 'usage')).toBe(false);
    expect(parts.at(-1)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
  });

  it('ollama with include_usage: the usage chunk is read', () => {
    expect(replayChunks('ollama-text-usage.chunks.txt', { server: 'ollama' }).at(-1)).toEqual({
      type: 'usage',
      usage: { prompt_tokens: 26, completion_tokens: 3, total_tokens: 29 },
    });
  });

  it('ollama: parallel calls on a reused index 0 become two calls', () => {
    const res = assemble(replayChunks('ollama-tool-calls.chunks.txt', { server: 'ollama' }));
    expect(res.choices[0]!.message.tool_calls!.map((t) => [t.id, t.function.arguments])).toEqual([
      ['call_k2x9wq1m', '{"city":"Paris"}'],
      ['call_7hd3pz0a', '{"city":"Rome"}'],
    ]);
  });

  it('llama.cpp: reasoning_content deltas and the final usage+timings chunk', () => {
    const parts = replayChunks('llamacpp-reasoning.chunks.txt', { server: 'llamacpp' });
    expect(textOf(parts, 'reasoning')).toBe('Simple greeting.');
    expect(textOf(parts)).toBe('Hi!');
    expect(parts.at(-1)).toEqual({ type: 'usage', usage: { prompt_tokens: 75, completion_tokens: 31, total_tokens: 106 } });
  });

  it('tgi: empty response id and eos_token finish; no usage in the stream', () => {
    const parts = replayChunks('tgi-text.chunks.txt', { server: 'tgi' });
    expect(parts[0]).toMatchObject({ type: 'start', id: '', created: 1760001400 });
    expect(textOf(parts)).toBe('Deep learning is a subset of ML.');
    expect(parts.at(-1)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
  });

  it('tgi: a tool call with empty ids gets one stable id; stop after a tool call reads tool_calls', () => {
    const parts = replayChunks('tgi-tool-call.chunks.txt', { server: 'tgi' });
    const firsts = parts.filter((p) => p.type === 'tool-call' && p.id !== undefined);
    expect(firsts).toHaveLength(1);
    const res = assemble(parts);
    expect(res.choices[0]!.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_[A-Za-z0-9_-]{24}$/),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
    ]);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(assemble(replayChunks('tgi-tool-call.chunks.txt', { server: 'tgi' }, 7)).choices[0]!.message.tool_calls![0]!.id).toBe(
      res.choices[0]!.message.tool_calls![0]!.id,
    );
  });

  it('thinkTags: tags cut across chunks are split into reasoning and text, other < characters survive', () => {
    const parts = replayChunks('think-tags.chunks.txt', { server: 'ollama', thinkTags: true });
    expect(textOf(parts, 'reasoning')).toBe('\nOkay, the user greets me.');
    expect(textOf(parts)).toBe('Hello! 2 < 3 and <b>');
    const kinds = parts.map((p) => p.type);
    expect(kinds.lastIndexOf('reasoning')).toBeLessThan(kinds.indexOf('text'));
    expect(kinds.slice(-2)).toEqual(['finish', 'usage']);
    expect(replayChunks('think-tags.chunks.txt', { thinkTags: true }, 1)).toEqual(
      replayChunks('think-tags.chunks.txt', { thinkTags: true }, 4096),
    );
  });

  it('thinkTags off: the tags stay in the text', () => {
    expect(textOf(replayChunks('think-tags.chunks.txt', { server: 'ollama' }))).toContain('<think>');
  });

  it('vllm: an in-stream {"object":"error"} ends the stream with an error part', () => {
    const parts = replayChunks('vllm-stream-error.chunks.txt', { server: 'vllm' });
    expect(textOf(parts)).toBe('Partial');
    const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
    expect(last.type).toBe('error');
    expect(SwitchyardError.isInstance(last.error)).toBe(true);
    expect(last.error.message).toContain('The engine died unexpectedly.');
  });
});
