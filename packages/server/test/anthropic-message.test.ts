import type { ChatResponse } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { canonicalToAnthropicMessage } from '../src/anthropic/canonical-to-anthropic-message.js';

const res = (
  message: Record<string, unknown>,
  finish: ChatResponse['choices'][0]['finish_reason'],
  extra: Partial<ChatResponse> = {},
): ChatResponse => ({
  id: 'chatcmpl-abc',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4.1',
  choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason: finish }],
  usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, prompt_tokens_details: { cached_tokens: 100 } },
  ...extra,
});

describe('canonicalToAnthropicMessage', () => {
  it('text: a Message with the requested model, msg_ id and Anthropic usage (cache reads split out)', () => {
    expect(canonicalToAnthropicMessage(res({ content: 'Hi!' }, 'stop'), 'claude-sonnet-4-5')).toEqual({
      id: 'msg_chatcmpl-abc',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hi!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 },
    });
  });

  it('tool calls -> tool_use blocks with object input; thinking blocks first', () => {
    const m = canonicalToAnthropicMessage(
      res(
        {
          content: 'Let me check.',
          reasoning_content: 'need weather',
          thinking_blocks: [{ type: 'thinking', thinking: 'need weather', signature: 'sig' }],
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'noop', arguments: 'not json' } },
          ],
        },
        'tool_calls',
      ),
      'claude',
    );
    expect(m.content).toEqual([
      { type: 'thinking', thinking: 'need weather', signature: 'sig' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'noop', input: {} },
    ]);
    expect(m.stop_reason).toBe('tool_use');
  });

  it('reasoning from a non-Anthropic upstream becomes an unsigned thinking block', () => {
    expect(canonicalToAnthropicMessage(res({ content: 'x', reasoning_content: 'r' }, 'stop'), 'm').content[0]).toEqual({
      type: 'thinking',
      thinking: 'r',
      signature: '',
    });
  });

  it.each([
    ['stop', undefined, 'end_turn', null],
    ['stop', '###', 'stop_sequence', '###'],
    ['length', undefined, 'max_tokens', null],
    ['tool_calls', undefined, 'tool_use', null],
    ['content_filter', undefined, 'refusal', null],
  ] as const)('finish_reason %s (stop_sequence %s) -> %s', (finish, seq, stop, stopSeq) => {
    const m = canonicalToAnthropicMessage(res({ content: 'x' }, finish, seq ? { stop_sequence: seq } : {}), 'm');
    expect(m.stop_reason).toBe(stop);
    expect(m.stop_sequence).toBe(stopSeq);
  });

  it('missing usage -> zeros; refusal text is surfaced', () => {
    const m = canonicalToAnthropicMessage(
      res({ content: '', refusal: 'I cannot help with that.' }, 'content_filter', { usage: undefined }),
      'm',
    );
    expect(m.content).toEqual([{ type: 'text', text: 'I cannot help with that.' }]);
    expect(m.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });
});
