import { describe, expect, it } from 'vitest';
import { anthropicProvider } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

const from = (name: string) => anthropicProvider.fromUpstream(fixtureJson(name), makeCall(false));

describe('recorded Anthropic messages -> ChatResponse', () => {
  it('text', () => {
    const res = from('text.json');
    expect(res).toMatchObject({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 12, total_tokens: 24 },
    });
    expect(typeof res.created).toBe('number');
  });

  it('tool_use blocks -> tool_calls with JSON-string arguments; tool_use -> tool_calls', () => {
    const res = from('tool-use.json');
    const msg = res.choices[0]!.message;
    expect(msg.content).toBe("I'll check the weather in both cities.");
    expect(msg.tool_calls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
      },
      {
        id: 'toolu_01B8ZzQ2m9ZJcQ7g1o9ggY3w',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
      },
    ]);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('thinking -> reasoning_content, and every thinking block kept (with signature) for the next turn', () => {
    const res = from('thinking.json');
    const msg = res.choices[0]!.message;
    expect(msg.content).toBe('27 × 453 = 12,231');
    expect(msg.reasoning_content).toContain('so 12231');
    expect(msg.thinking_blocks).toEqual([
      { type: 'thinking', thinking: expect.any(String), signature: expect.stringMatching(/^EqQB/) },
      { type: 'redacted_thinking', data: expect.stringMatching(/^EmwK/) },
    ]);
    expect(res.usage?.completion_tokens_details).toEqual({ reasoning_tokens: 160 });
  });

  it('usage with cache creation tokens', () => {
    expect(from('cache-usage.json').usage).toEqual({
      prompt_tokens: 188107,
      completion_tokens: 393,
      total_tokens: 188500,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 188086 },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
  ])('stop_reason %s -> finish_reason %s', (stop, finish) => {
    const body = { ...fixtureJson('text.json'), stop_reason: stop, stop_sequence: stop === 'stop_sequence' ? '###' : null };
    const res = anthropicProvider.fromUpstream(body, makeCall(false));
    expect(res.choices[0]!.finish_reason).toBe(finish);
    if (stop === 'stop_sequence') expect(res.stop_sequence).toBe('###');
  });

  it('json mode: the reserved tool answer becomes text content with finish_reason stop', () => {
    const body = {
      ...fixtureJson('text.json'),
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'switchyard_json_response', input: { answer: 42 } }],
      stop_reason: 'tool_use',
    };
    const res = anthropicProvider.fromUpstream(body, makeCall(false));
    expect(res.choices[0]).toMatchObject({ message: { content: '{"answer":42}' }, finish_reason: 'stop' });
    expect(res.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('a body that is not a message is a protocol error', () => {
    expect(() => anthropicProvider.fromUpstream({ hello: 1 }, makeCall(false))).toThrow(/not an Anthropic message/);
  });
});
