// Stream parts -> the Responses API's typed events: exact sequences, sequence numbers without gaps,
// shapes the official SDK's accumulator accepts, and what the gateway keeps of the turn.
import { type StreamPart, SwitchyardError } from '@switchyard/core';
import { OpenAIOptionsSchema, openaiProvider } from '@switchyard/provider-openai';
import { openaiResponseEvents, replayStream } from '@switchyard/testkit';
import { describe, expect, it } from 'vitest';
import { ResponseEventEncoder, responseSkeleton } from '../src/index.js';

function decode(sse: string): { event: string; data: any }[] {
  return sse
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [e, d] = block.split('\n');
      return { event: (e as string).slice('event: '.length), data: JSON.parse((d as string).slice('data: '.length)) };
    });
}

const skeleton = (id = 'resp_gw') =>
  responseSkeleton({ model: 'alias' } as never, { id, model: 'upstream-model', createdAt: 1, store: true });

function run(parts: StreamPart[], upstreamId = false) {
  const enc = new ResponseEventEncoder({ skeleton: skeleton(upstreamId ? '' : 'resp_gw'), upstreamId });
  let sse = '';
  for (const p of parts) sse += enc.encode(p);
  const { events, response } = enc.close();
  sse += events + enc.terminal(response);
  return { events: decode(sse), response, message: enc.message() };
}

describe('ResponseEventEncoder', () => {
  it('a streamed tool call: the exact event sequence, numbered from 0', () => {
    const { events, response } = run([
      { type: 'start', id: 'msg_up', model: 'claude-x', created: 1 },
      { type: 'tool-call', choice: 0, index: 0, id: 'toolu_1', name: 'get_weather', arguments: '' },
      { type: 'tool-call', choice: 0, index: 0, arguments: '{"city":' },
      { type: 'tool-call', choice: 0, index: 0, arguments: '"Oslo"}' },
      { type: 'finish', choice: 0, reason: 'tool_calls' },
      { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } },
    ]);
    expect(events.map((e) => [e.event, e.data.sequence_number])).toEqual([
      ['response.created', 0],
      ['response.in_progress', 1],
      ['response.output_item.added', 2],
      ['response.function_call_arguments.delta', 3],
      ['response.function_call_arguments.delta', 4],
      ['response.function_call_arguments.done', 5],
      ['response.output_item.done', 6],
      ['response.completed', 7],
    ]);
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    expect(events[0]?.data.response).toMatchObject({ id: 'resp_gw', status: 'in_progress', output: [], usage: null, model: 'claude-x' });
    expect(events[2]?.data).toMatchObject({
      output_index: 0,
      item: { type: 'function_call', status: 'in_progress', arguments: '', call_id: 'toolu_1', name: 'get_weather' },
    });
    const itemId = events[2]?.data.item.id;
    expect(itemId).toMatch(/^fc_/);
    expect(events[5]?.data).toEqual({
      type: 'response.function_call_arguments.done',
      sequence_number: 5,
      item_id: itemId,
      output_index: 0,
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(response).toMatchObject({
      status: 'completed',
      output: [
        { id: itemId, type: 'function_call', status: 'completed', arguments: '{"city":"Oslo"}', call_id: 'toolu_1', name: 'get_weather' },
      ],
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        total_tokens: 15,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it('reasoning then text: summary events, content part events, and the thinking blocks kept for the next turn', () => {
    const { events, response, message } = run([
      { type: 'reasoning', choice: 0, delta: 'Let me ' },
      { type: 'reasoning', choice: 0, delta: 'think.' },
      { type: 'reasoning', choice: 0, delta: '', extra: { signature: 'sig-1' } },
      { type: 'text', choice: 0, delta: 'Hello' },
      { type: 'text', choice: 0, delta: ' there' },
      { type: 'finish', choice: 0, reason: 'length' },
    ]);
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.incomplete',
    ]);
    const delta = events[11]?.data;
    expect(delta).toMatchObject({ output_index: 1, content_index: 0, delta: 'Hello', logprobs: [] });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Let me think.' }] });
    expect(response.output[1]).toMatchObject({
      type: 'message',
      status: 'incomplete',
      content: [{ type: 'output_text', text: 'Hello there', annotations: [] }],
    });
    expect(message).toEqual({
      role: 'assistant',
      content: 'Hello there',
      reasoning_content: 'Let me think.',
      thinking_blocks: [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' }],
    });
  });

  it('a Responses-native upstream: its response id, item ids, phase, citations and built-in items', () => {
    const annotation = { type: 'url_citation', start_index: 0, end_index: 2, url: 'https://e.x/', title: 'E' };
    const item = (i: Record<string, unknown>): StreamPart => ({ type: 'reasoning', choice: 0, delta: '', extra: { responses_item: i } });
    const { events, response } = run(
      [
        { type: 'start', id: 'resp_up', model: 'gpt-x', created: 1 },
        item({ id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q' } }),
        item({ id: 'msg_up', type: 'message', status: 'in_progress', role: 'assistant', phase: 'final_answer', content: [] }),
        { type: 'text', choice: 0, delta: 'Hi' },
        item({
          id: 'msg_up',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hi', annotations: [annotation] }],
        }),
        { type: 'finish', choice: 0, reason: 'stop' },
      ],
      true,
    );
    expect(response.id).toBe('resp_up');
    expect(response.output).toEqual([
      { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q' } },
      {
        id: 'msg_up',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        phase: 'final_answer',
        content: [{ type: 'output_text', annotations: [annotation], logprobs: [], text: 'Hi' }],
      },
    ]);
    expect(events.map((e) => e.event)).toContain('response.output_text.annotation.added');
    expect(events[2]?.data.item.status).toBe('in_progress');
  });

  it('an upstream Responses stream replayed through the provider keeps both messages of a turn, their ids and phases', () => {
    const msg = (id: string, phase: string, text: string) => ({
      id,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      phase,
      content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
    });
    const upstream = {
      id: 'resp_up',
      object: 'response',
      created_at: 1,
      status: 'completed',
      model: 'gpt-5.3-codex',
      output: [msg('msg_c', 'commentary', 'Searching.'), msg('msg_f', 'final_answer', 'Paris.')],
      usage: {
        input_tokens: 5,
        output_tokens: 3,
        total_tokens: 8,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    };
    const wire = openaiResponseEvents(upstream)
      .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      .join('');
    const call = { provider: 'openai', model: 'gpt-5.3-codex', options: OpenAIOptionsSchema.parse({ apiKey: 'k-123' }), stream: true };
    const { response } = run(replayStream(openaiProvider, Buffer.from(wire), call, 13), true);
    expect(response.id).toBe('resp_up');
    expect(response.output).toEqual(upstream.output);
  });

  it('a failure mid-stream is error then response.failed with the error code, and nothing follows', () => {
    const enc = new ResponseEventEncoder({ skeleton: skeleton(), upstreamId: false });
    let sse = enc.encode({ type: 'text', choice: 0, delta: 'partial' });
    sse += enc.encode({ type: 'error', error: new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', 'Provider "x" timed out') });
    sse += enc.encode({ type: 'text', choice: 0, delta: 'more' });
    const events = decode(sse);
    const [error, failed] = events.slice(-2);
    expect(error?.event).toBe('error');
    // Flat as the SDK types it, nested as the API sends it (the nested one makes the SDK raise).
    expect(error?.data).toMatchObject({
      code: 'upstream_timeout',
      message: 'Provider "x" timed out',
      param: null,
      error: { type: 'timeout_error', code: 'upstream_timeout' },
    });
    expect(failed?.event).toBe('response.failed');
    expect(failed?.data.response).toMatchObject({
      status: 'failed',
      error: { code: 'upstream_timeout', message: 'Provider "x" timed out' },
    });
    expect(enc.ended).toBe(true);
  });

  it('parallel calls each get an item, provider data stays on the kept calls, other choices are ignored', () => {
    const signature = { extra_content: { google: { thought_signature: 's' } } };
    const { response, message } = run([
      { type: 'tool-call', choice: 0, index: 0, id: 'a', name: 'f', arguments: '{}' },
      { type: 'tool-call', choice: 0, index: 1, id: 'b', name: 'g', arguments: '{"x":1}', extra: signature },
      { type: 'text', choice: 1, delta: 'other choice' },
      { type: 'finish', choice: 0, reason: 'tool_calls' },
    ]);
    expect(response.output.map((o: any) => [o.type, o.call_id, o.arguments])).toEqual([
      ['function_call', 'a', '{}'],
      ['function_call', 'b', '{"x":1}'],
    ]);
    expect(message.tool_calls).toEqual([
      { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
      { id: 'b', type: 'function', function: { name: 'g', arguments: '{"x":1}' }, ...signature },
    ]);
  });
});
