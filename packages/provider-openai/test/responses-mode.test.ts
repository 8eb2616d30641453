// The Responses upstream mode: a canonical request that came in through /v1/responses goes to
// `{baseUrl}/responses` as the caller's Responses request (with plugin edits applied), and Responses
// bodies and streams come back as canonical responses and parts that keep the upstream's items.
import { type ChatRequest, type StreamPart, SwitchyardError, type UpstreamCall } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type OpenAIOptions, OpenAIOptionsSchema, openaiProvider, RESPONSES_ITEM } from '../src/index.js';
import { fixtureJson, replayChunks, textOf } from './fixtures.js';

const call = (stream: boolean, options: Record<string, unknown> = {}): UpstreamCall<OpenAIOptions> => ({
  provider: 'openai',
  model: 'gpt-5.1',
  options: OpenAIOptionsSchema.parse({ apiKey: 'sk-secret-value-123', ...options }),
  stream,
});

const reasoningItem = { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'think' }], encrypted_content: 'gAAAA' };
const fcItem = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Rome"}' };

/** What `/v1/responses` makes of a Responses request with instructions, history, tools and extras. */
function responsesRequest(): ChatRequest {
  return {
    model: 'gpt',
    messages: [
      { role: 'system', content: 'Be brief.', responses_instructions: true },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Rome?' },
          { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'think',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }],
        responses_items: [reasoningItem, fcItem],
      },
      {
        role: 'tool',
        tool_call_id: 'call_1',
        content: 'sunny',
        responses_items: [{ type: 'function_call_output', call_id: 'call_1', output: 'sunny' }],
      },
      { role: 'user', content: 'thanks', responses_before: [{ type: 'item_reference', id: 'msg_9' }] },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' }, strict: false } }],
    tool_choice: 'auto',
    response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' }, strict: true } },
    reasoning_effort: 'low',
    max_completion_tokens: 500,
    temperature: 0.2,
    metadata: { a: 'b' },
    stream: true,
    stream_options: { include_usage: true },
    responses_extra: {
      store: false,
      include: ['reasoning.encrypted_content'],
      tools: [{ type: 'web_search' }],
      reasoning: { summary: 'auto' },
      text: { verbosity: 'low' },
      prompt_cache_key: 'k',
    },
  } as ChatRequest;
}

describe('Responses request body', () => {
  it('goes to /responses with the caller’s items, fields and extras', () => {
    const req = openaiProvider.toUpstream(responsesRequest(), call(true));
    expect(req.url).toBe('https://api.openai.com/v1/responses');
    expect(req.headers.authorization).toBe('Bearer sk-secret-value-123');
    expect(JSON.parse(req.body as string)).toEqual({
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'k',
      model: 'gpt-5.1',
      instructions: 'Be brief.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather in Rome?' },
            { type: 'input_image', image_url: 'https://x/y.png', detail: 'low' },
          ],
        },
        reasoningItem,
        fcItem,
        { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        { type: 'item_reference', id: 'msg_9' },
        { type: 'message', role: 'user', content: 'thanks' },
      ],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }, { type: 'web_search' }],
      tool_choice: 'auto',
      text: { verbosity: 'low', format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true } },
      reasoning: { summary: 'auto', effort: 'low' },
      max_output_tokens: 500,
      temperature: 0.2,
      metadata: { a: 'b' },
      stream: true,
    });
  });

  it('plugin edits win over the original items: changed text and arguments are sent, ids kept', () => {
    const req = responsesRequest();
    const msgs = req.messages as any[];
    msgs[2].tool_calls[0].function.arguments = '{"city":"[MASKED]"}';
    msgs[3].content = '[MASKED]';
    msgs.splice(4, 1, {
      role: 'assistant',
      content: 'Call [MASKED] now',
      responses_items: [
        {
          id: 'msg_2',
          type: 'message',
          role: 'assistant',
          phase: 'final_answer',
          content: [{ type: 'output_text', text: 'Call 555 now', annotations: [{ type: 'url_citation' }] }],
        },
      ],
    });
    const input = JSON.parse(openaiProvider.toUpstream(req, call(false)).body as string).input;
    expect(input[2]).toEqual({ ...fcItem, arguments: '{"city":"[MASKED]"}' });
    expect(input[3]).toEqual({ type: 'function_call_output', call_id: 'call_1', output: '[MASKED]' });
    expect(input[4]).toEqual({
      id: 'msg_2',
      type: 'message',
      role: 'assistant',
      phase: 'final_answer',
      content: [{ type: 'output_text', text: 'Call [MASKED] now', annotations: [] }],
    });
  });

  it('history the gateway stored (no original items) becomes plain items OpenAI accepts', () => {
    const req = {
      model: 'gpt',
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: 'calling',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          reasoning_content: 'x',
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'done' },
      ],
      responses_extra: {},
    } as ChatRequest;
    const body = JSON.parse(openaiProvider.toUpstream(req, call(false)).body as string);
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: 'hi' },
      { role: 'assistant', content: 'calling' },
      { type: 'function_call', call_id: 'toolu_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'toolu_1', output: 'done' },
    ]);
    expect(body).not.toHaveProperty('stream');
  });

  it('Azure uses its v1 Responses endpoint and the deployment as model', () => {
    const azure = call(false, { azure: { resourceName: 'acme', deployments: { 'gpt-5.1': 'prod-gpt' } } });
    const req = openaiProvider.toUpstream(
      { model: 'x', messages: [{ role: 'user', content: 'hi' }], responses_extra: {} } as ChatRequest,
      azure,
    );
    expect(req.url).toBe('https://acme.openai.azure.com/openai/v1/responses');
    expect(req.headers['api-key']).toBe('sk-secret-value-123');
    expect(JSON.parse(req.body as string).model).toBe('prod-gpt');
  });

  it('chat requests still go to /chat/completions', () => {
    const req = openaiProvider.toUpstream({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }, call(false));
    expect(req.url).toBe('https://api.openai.com/v1/chat/completions');
  });
});

describe('Responses bodies', () => {
  it('a response object becomes a canonical response that carries the upstream object', () => {
    const body = fixtureJson('openai-responses-tool-call.json');
    const res = openaiProvider.fromUpstream(body, call(false));
    expect(res.id).toBe(body.id);
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(res.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_Q2x9mVw3Tq7pLk4sRz8nYb1c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Berlin"}' } },
    ]);
    expect(res.choices[0]?.message.reasoning_content).toBe('Calling the weather tool.');
    expect(res.usage).toEqual({
      prompt_tokens: 61,
      completion_tokens: 40,
      total_tokens: 101,
      prompt_tokens_details: { cached_tokens: 32 },
      completion_tokens_details: { reasoning_tokens: 18 },
    });
    expect(res.responses_body).toBe(body);
  });

  it('incomplete is `length` (or `content_filter`); failed is an upstream error without the key', () => {
    const body = {
      ...fixtureJson('openai-responses-tool-call.json'),
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [],
    };
    expect(openaiProvider.fromUpstream(body, call(false)).choices[0]?.finish_reason).toBe('length');
    const filtered = { ...body, incomplete_details: { reason: 'content_filter' } };
    expect(openaiProvider.fromUpstream(filtered, call(false)).choices[0]?.finish_reason).toBe('content_filter');
    const failed = { ...body, status: 'failed', error: { code: 'server_error', message: 'boom sk-secret-value-123' } };
    const err = (() => {
      try {
        openaiProvider.fromUpstream(failed, call(false));
      } catch (e) {
        return e;
      }
    })() as SwitchyardError;
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err.message).toContain('boom');
    expect(err.message).not.toContain('sk-secret-value-123');
  });
});

describe('Responses streams', () => {
  const parts = () => replayChunks(openaiProvider, 'openai-responses-tool-call.chunks.txt', call(true));

  it('start, reasoning, a tool call keyed by the upstream item, finish and usage', () => {
    const p = parts();
    expect(p[0]).toEqual({
      type: 'start',
      id: 'resp_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071',
      model: 'gpt-5.1-2025-11-13',
      created: 1767225600,
    });
    expect(textOf(p, 'reasoning')).toBe('Calling the weather tool.');
    const calls = p.filter((x): x is Extract<StreamPart, { type: 'tool-call' }> => x.type === 'tool-call');
    expect(calls[0]).toMatchObject({
      index: 0,
      id: 'call_Q2x9mVw3Tq7pLk4sRz8nYb1c',
      name: 'get_weather',
      extra: { responses_item_id: 'fc_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6072' },
    });
    expect(calls.map((c) => c.arguments).join('')).toBe('{"city":"Berlin"}');
    expect(p.at(-2)).toEqual({ type: 'finish', choice: 0, reason: 'tool_calls' });
    expect(p.at(-1)).toMatchObject({ type: 'usage', usage: { prompt_tokens: 61, completion_tokens_details: { reasoning_tokens: 18 } } });
  });

  it('whole upstream items ride on zero-length reasoning parts (the done reasoning item keeps its encrypted content)', () => {
    const items = parts()
      .filter((x) => x.type === 'reasoning' && x.delta === '' && x.extra?.[RESPONSES_ITEM])
      .map((x) => (x as { extra: Record<string, any> }).extra[RESPONSES_ITEM]);
    expect(items.map((i) => i.type)).toEqual(['reasoning', 'reasoning']);
    expect(items[1].encrypted_content).toBe('gAAAAABpZXhhbXBsZS1lbmNyeXB0ZWQ=');
  });

  it('is independent of how the bytes are cut', () => {
    const whole = replayChunks(openaiProvider, 'openai-responses-tool-call.chunks.txt', call(true), 1 << 20);
    for (const slice of [1, 7, 64])
      expect(replayChunks(openaiProvider, 'openai-responses-tool-call.chunks.txt', call(true), slice)).toEqual(whole);
  });

  it('a stream that stops before response.completed ends with an error part', () => {
    const state = openaiProvider.createStreamState(call(true));
    const created = {
      event: 'response.created',
      data: JSON.stringify({ type: 'response.created', sequence_number: 0, response: { id: 'resp_x', model: 'm' } }),
    };
    openaiProvider.fromStreamEvent(created, state);
    const tail = openaiProvider.endStream?.(state) ?? [];
    expect(tail).toHaveLength(1);
    expect(tail[0]).toMatchObject({ type: 'error', error: { code: 'SY_ERR_UPSTREAM_PROTOCOL' } });
  });

  it('response.failed and error events end the stream with the upstream message', () => {
    const state = openaiProvider.createStreamState(call(true));
    const failed = {
      event: 'response.failed',
      data: JSON.stringify({
        type: 'response.failed',
        response: { status: 'failed', error: { code: 'server_error', message: 'overloaded' } },
      }),
    };
    const out = openaiProvider.fromStreamEvent(failed, state);
    expect(out[0]).toMatchObject({ type: 'error' });
    expect((out[0] as { error: SwitchyardError }).error.message).toContain('overloaded');
    expect(openaiProvider.fromStreamEvent(failed, state)).toEqual([]);
    // The API's `error` event nests the error; the SDK's types have it flat. Both are read.
    for (const data of [
      {
        type: 'error',
        sequence_number: 2,
        error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'quota gone', param: null },
      },
      { type: 'error', sequence_number: 2, code: 'server_error', message: 'quota gone', param: null },
    ]) {
      const s = openaiProvider.createStreamState(call(true));
      const parts = openaiProvider.fromStreamEvent({ event: 'error', data: JSON.stringify(data) }, s);
      expect((parts[0] as { error: SwitchyardError }).error.message).toContain('quota gone');
    }
  });
});
