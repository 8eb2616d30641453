import { type StreamPart, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createAnthropicEventEncoder } from '../src/anthropic/anthropic-event-encoder.js';

interface Sse {
  event: string;
  data: any;
}

function parse(text: string): Sse[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const lines = frame.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^event: /);
      expect(lines[1]).toMatch(/^data: /);
      const event = lines[0]!.slice(7);
      const data = JSON.parse(lines[1]!.slice(6));
      // The SDK dispatches on the event name; it must always match the JSON type.
      expect(data.type).toBe(event);
      return { event, data };
    });
}

/** What @anthropic-ai/sdk's MessageStream does with the events (accumulateMessage), strictly. */
function accumulate(events: Sse[]) {
  let msg: any;
  const json: Record<number, string> = {};
  for (const { event, data } of events) {
    if (event === 'ping') continue;
    if (event === 'message_start') {
      expect(msg).toBeUndefined();
      msg = structuredClone(data.message);
      continue;
    }
    expect(msg).toBeDefined();
    switch (event) {
      case 'content_block_start':
        expect(data.index).toBe(msg.content.length);
        msg.content.push(structuredClone(data.content_block));
        break;
      case 'content_block_delta': {
        const block = msg.content.at(data.index);
        const d = data.delta;
        if (d.type === 'text_delta') block.text += d.text;
        else if (d.type === 'thinking_delta') block.thinking += d.thinking;
        else if (d.type === 'signature_delta') block.signature = d.signature;
        else if (d.type === 'input_json_delta') {
          json[data.index] = (json[data.index] ?? '') + d.partial_json;
        } else throw new Error(`unknown delta ${d.type}`);
        break;
      }
      case 'content_block_stop':
        if (json[data.index] !== undefined) msg.content[data.index].input = JSON.parse(json[data.index]!);
        break;
      case 'message_delta':
        msg.stop_reason = data.delta.stop_reason;
        msg.stop_sequence = data.delta.stop_sequence;
        Object.assign(msg.usage, data.usage);
        break;
      case 'message_stop':
        return msg;
      default:
        throw new Error(`unexpected event ${event}`);
    }
  }
  throw new Error('no message_stop');
}

function run(parts: StreamPart[], opts = { model: 'claude-sonnet-4-5' }): Sse[] {
  const enc = createAnthropicEventEncoder(opts);
  let out = '';
  for (const p of parts) out += enc.encode(p);
  out += enc.end();
  expect(enc.ended).toBe(true);
  expect(enc.end()).toBe('');
  return parse(out);
}

const usage: StreamPart = {
  type: 'usage',
  usage: {
    prompt_tokens: 50,
    completion_tokens: 12,
    total_tokens: 62,
    prompt_tokens_details: { cached_tokens: 40, cache_creation_tokens: 0 },
  },
};

describe('createAnthropicEventEncoder', () => {
  it('text: the exact event sequence', () => {
    const events = run([
      { type: 'start', id: 'msg_01abc', model: 'gpt-4.1', created: 1 },
      { type: 'text', choice: 0, delta: 'Hello' },
      { type: 'text', choice: 0, delta: ' world' },
      { type: 'finish', choice: 0, reason: 'stop' },
      usage,
    ]);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]!.data.message).toMatchObject({
      id: 'msg_01abc',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 1 },
    });
    expect(events[6]!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 40, output_tokens: 12 },
    });
    expect(accumulate(events)).toMatchObject({ content: [{ type: 'text', text: 'Hello world' }], stop_reason: 'end_turn' });
  });

  it('thinking (with signature), text, then two streamed tool calls', () => {
    const events = run([
      { type: 'start', id: 'chatcmpl-1', model: 'x', created: 1 },
      { type: 'reasoning', choice: 0, delta: 'Let me ' },
      { type: 'reasoning', choice: 0, delta: 'think.' },
      { type: 'reasoning', choice: 0, delta: '', extra: { signature: 'sig==' } } as StreamPart,
      { type: 'text', choice: 0, delta: 'Checking.' },
      { type: 'tool-call', choice: 0, index: 0, id: 'call_1', name: 'get_weather', arguments: '' },
      { type: 'tool-call', choice: 0, index: 0, arguments: '{"city":' },
      { type: 'tool-call', choice: 0, index: 0, arguments: '"Paris"}' },
      { type: 'tool-call', choice: 0, index: 1, id: 'call_2', name: 'get_time', arguments: '{}' },
      { type: 'finish', choice: 0, reason: 'tool_calls' },
      usage,
    ]);
    const msg = accumulate(events);
    expect(msg.id).toBe('msg_chatcmpl-1');
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig==' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    ]);
    expect(msg.stop_reason).toBe('tool_use');
    const starts = events.filter((e) => e.event === 'content_block_start').map((e) => e.data.index);
    const stops = events.filter((e) => e.event === 'content_block_stop').map((e) => e.data.index);
    expect(starts).toEqual([0, 1, 2, 3]);
    expect(stops).toEqual([0, 1, 2, 3]);
    // The signature arrives just before its block's stop.
    const sigAt = events.findIndex((e) => e.data.delta?.type === 'signature_delta');
    expect(events[sigAt + 1]).toEqual({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } });
  });

  it('redacted thinking is replayed as its own block', () => {
    const msg = accumulate(
      run([
        { type: 'reasoning', choice: 0, delta: '', extra: { redacted_thinking: 'ENC' } } as StreamPart,
        { type: 'text', choice: 0, delta: 'ok' },
        { type: 'finish', choice: 0, reason: 'stop' },
      ]),
    );
    expect(msg.content).toEqual([
      { type: 'redacted_thinking', data: 'ENC' },
      { type: 'text', text: 'ok' },
    ]);
  });

  it('a tool call without an id gets a toolu_ id; length -> max_tokens; no start part still starts the message', () => {
    const msg = accumulate(
      run([
        { type: 'tool-call', choice: 0, index: 0, name: 'f', arguments: '{"a":1}' },
        { type: 'finish', choice: 0, reason: 'length' },
      ]),
    );
    expect(msg.id).toMatch(/^msg_/);
    expect(msg.content[0]).toMatchObject({ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'f', input: { a: 1 } });
    expect(msg.stop_reason).toBe('max_tokens');
  });

  it('usage before finish, an input estimate for message_start, choices other than 0 ignored', () => {
    const events = run(
      [
        { type: 'text', choice: 1, delta: 'ignored' },
        { type: 'text', choice: 0, delta: 'x' },
        usage,
        { type: 'finish', choice: 0, reason: 'stop' },
      ],
      { model: 'm', inputTokens: 42 } as never,
    );
    expect(events[0]!.data.message.usage.input_tokens).toBe(42);
    expect(accumulate(events).content).toEqual([{ type: 'text', text: 'x' }]);
    expect(events.at(-2)!.data.usage.output_tokens).toBe(12);
  });

  it('an empty stream still produces a well-formed message', () => {
    expect(run([]).map((e) => e.event)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });

  it('an error part -> an error event in Anthropic shape, and nothing after it', () => {
    const enc = createAnthropicEventEncoder({ model: 'm', requestId: 'req_1' });
    let out = enc.encode({ type: 'text', choice: 0, delta: 'Once' });
    const error = new SwitchyardError('SY_ERR_UPSTREAM', 'Provider "a" stream failed: overloaded_error: Overloaded', {
      upstreamStatus: 529,
    });
    out += enc.encode({ type: 'error', error });
    out += enc.encode({ type: 'text', choice: 0, delta: 'more' });
    out += enc.end();
    const events = parse(out);
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Provider "a" stream failed: overloaded_error: Overloaded' },
        request_id: 'req_1',
      },
    });
    expect(events.filter((e) => e.event === 'message_stop')).toEqual([]);
  });
});
