import { type SseEvent, StreamAssembler, type StreamPart, SwitchyardError, type UpstreamCall } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type OpenAIOptions, OpenAIOptionsSchema, openaiProvider } from '../src/index.js';
import { replayChunks, textOf } from './fixtures.js';

const call: UpstreamCall<OpenAIOptions> = {
  provider: 'openai',
  model: 'gpt-4o',
  options: OpenAIOptionsSchema.parse({ apiKey: 'sk-secret-value-123' }),
  stream: true,
};

function assemble(parts: StreamPart[]) {
  const a = new StreamAssembler('fallback', 'fallback', 0);
  for (const p of parts) a.add(p);
  return a.result();
}

describe('openai stream replay', () => {
  it('text: one start with the upstream identity, text deltas, finish, then the include_usage chunk', () => {
    const parts = replayChunks(openaiProvider, 'openai-text.chunks.txt', call);
    expect(parts[0]).toEqual({
      type: 'start',
      id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
      model: 'gpt-4.1-nano-2025-04-14',
      created: 1770933892,
    });
    expect(parts.filter((p) => p.type === 'start')).toHaveLength(1);
    expect(textOf(parts)).toBe('**Holiday Name:** Harmony Day\n\nCelebrated annually.');
    // The empty content of the role delta produces no part.
    expect(parts.filter((p) => p.type === 'text').every((p) => p.type === 'text' && p.delta !== '')).toBe(true);
    expect(parts.at(-2)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
    const last = parts.at(-1);
    expect(last?.type).toBe('usage');
    expect(last).toMatchObject({
      usage: { prompt_tokens: 16, completion_tokens: 11, total_tokens: 27, completion_tokens_details: { reasoning_tokens: 0 } },
    });
  });

  it('is independent of how the bytes are cut', () => {
    const a = replayChunks(openaiProvider, 'openai-text.chunks.txt', call, 1);
    const b = replayChunks(openaiProvider, 'openai-text.chunks.txt', call, 4096);
    expect(a).toEqual(b);
  });

  it('tool calls: id and name on the first part of each call, argument pieces after, parallel calls by index', () => {
    const parts = replayChunks(openaiProvider, 'openai-tool-calls.chunks.txt', call);
    const calls = parts.filter((p) => p.type === 'tool-call');
    expect(calls[0]).toEqual({
      type: 'tool-call',
      choice: 0,
      index: 0,
      id: 'call_aXTvcUi8RFCgAXfr2B6WyIQv',
      name: 'get_weather',
      arguments: '',
    });
    expect(calls[1]).toEqual({ type: 'tool-call', choice: 0, index: 0, arguments: '{"lo' });
    expect(calls.filter((p) => p.id !== undefined).map((p) => [p.index, p.id, p.name])).toEqual([
      [0, 'call_aXTvcUi8RFCgAXfr2B6WyIQv', 'get_weather'],
      [1, 'call_Qm4xR7tYbN2pLk9sVw3eHj6D', 'get_time'],
    ]);
    const res = assemble(parts);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(res.choices[0]!.message.tool_calls!.map((t) => [t.function.name, JSON.parse(t.function.arguments)])).toEqual([
      ['get_weather', { location: 'Paris' }],
      ['get_time', { tz: 'Europe/Paris' }],
    ]);
    expect(res.usage?.total_tokens).toBe(131);
  });

  it('azure: skips the empty-id prompt-filter chunk and reads content-filtered chunks and reasoning usage', () => {
    const parts = replayChunks(openaiProvider, 'azure-content-filter.chunks.txt', call);
    expect(parts[0]).toEqual({
      type: 'start',
      id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt',
      model: 'gpt-5-nano-2025-08-07',
      created: 1762317021,
    });
    expect(textOf(parts)).toBe('Capital of Denmark.');
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { total_tokens: 93, completion_tokens_details: { reasoning_tokens: 64 } } });
  });

  it('reasoning_content deltas become reasoning parts; usage on the last content chunk is sent once, at the end', () => {
    const parts = replayChunks(openaiProvider, 'deepseek-reasoning.chunks.txt', call);
    expect(textOf(parts, 'reasoning')).toBe('The user greets me.');
    expect(textOf(parts)).toBe('Hello!');
    const usage = parts.filter((p) => p.type === 'usage');
    expect(usage).toHaveLength(1);
    expect(parts.at(-1)).toMatchObject({ type: 'usage', usage: { prompt_tokens: 6, completion_tokens: 12, total_tokens: 18 } });
    expect(parts.findIndex((p) => p.type === 'finish')).toBeLessThan(parts.length - 1);
  });

  it('an in-stream error object ends the stream with an error part carrying a SwitchyardError', () => {
    const parts = replayChunks(openaiProvider, 'openai-stream-error.chunks.txt', call);
    expect(textOf(parts)).toBe('Partial answer');
    const last = parts.at(-1)!;
    expect(last.type).toBe('error');
    const err = (last as Extract<StreamPart, { type: 'error' }>).error;
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err.code).toBe('SY_ERR_UPSTREAM');
    expect(err.provider).toBe('openai');
    expect(err.message).toContain('The server had an error while processing your request');
    expect(parts.some((p) => p.type === 'finish')).toBe(false);
  });
});

/** Quirks of OpenAI-compatible servers the shared base must absorb. */
describe('openai-compatible stream quirks', () => {
  const events = (...data: (string | object)[]): SseEvent[] => data.map((d) => ({ data: typeof d === 'string' ? d : JSON.stringify(d) }));
  const run = (evts: SseEvent[]) => {
    const state = openaiProvider.createStreamState(call);
    const parts = evts.flatMap((e) => openaiProvider.fromStreamEvent(e, state));
    return parts.concat(openaiProvider.endStream!(state));
  };
  const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
    id: 'c1',
    model: 'm',
    created: 1,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

  it('ignores data: [DONE] and anything after it', () => {
    const parts = run(events(chunk({ content: 'a' }), '[DONE]', chunk({ content: 'late' })));
    expect(textOf(parts)).toBe('a');
  });

  it('a new id at a reused index is a new call (Ollama parallel calls)', () => {
    const parts = run(
      events(
        chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'f', arguments: '{"x":1}' } }] }),
        chunk({ tool_calls: [{ index: 0, id: 'call_b', function: { name: 'g', arguments: '{"y":2}' } }] }),
        chunk({}, 'tool_calls'),
      ),
    );
    const firsts = parts.filter((p) => p.type === 'tool-call' && p.id);
    expect(firsts.map((p) => p.type === 'tool-call' && [p.index, p.id, p.name, p.arguments])).toEqual([
      [0, 'call_a', 'f', '{"x":1}'],
      [1, 'call_b', 'g', '{"y":2}'],
    ]);
  });

  it('a repeated id is not a second call; deltas without index continue the last call; missing ids are made up', () => {
    const parts = run(
      events(
        chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{"a"' } }] }),
        chunk({ tool_calls: [{ function: { arguments: ':1' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }),
      ),
    );
    const res = assemble(parts);
    const calls = res.choices[0]!.message.tool_calls!;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.id).toMatch(/^call_/);
    expect(calls[0]!.function).toEqual({ name: 'f', arguments: '{"a":1}' });
  });

  it('reads `reasoning` (vLLM, OpenRouter) like reasoning_content, and maps finish reason aliases', () => {
    const parts = run(events(chunk({ reasoning: 'hmm' }), chunk({ content: 'ok' }, 'model_length')));
    expect(textOf(parts, 'reasoning')).toBe('hmm');
    expect(parts.find((p) => p.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'length' });
  });

  it('keeps only the latest usage of continuous usage stats and sends it once', () => {
    const parts = run(
      events(
        chunk({ content: 'a' }, null, { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }),
        chunk({ content: 'b' }, 'stop', { usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }),
      ),
    );
    expect(parts.filter((p) => p.type === 'usage')).toEqual([
      { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
    ]);
  });

  it('a data payload that is not JSON becomes a protocol error part', () => {
    const parts = run(events(chunk({ content: 'a' }), '{"id": "c1", "choi'));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'SY_ERR_UPSTREAM_PROTOCOL' } });
  });

  it('an `event: error` line (older llama.cpp) is an error, and secrets are scrubbed from its message', () => {
    const state = openaiProvider.createStreamState(call);
    const parts = openaiProvider.fromStreamEvent({ event: 'error', data: '{"message":"bad key sk-secret-value-123","code":500}' }, state);
    expect(parts[0]!.type).toBe('error');
    const msg = (parts[0] as Extract<StreamPart, { type: 'error' }>).error.message;
    expect(msg).toContain('bad key');
    expect(msg).not.toContain('sk-secret-value-123');
  });

  it('an in-stream rate-limit error keeps its class', () => {
    const parts = run(events({ error: { message: 'slow down', type: 'tokens', code: 'rate_limit_exceeded' } }));
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'SY_ERR_RATE_LIMITED' } });
  });
});
