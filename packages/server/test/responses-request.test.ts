// A Responses request -> the canonical request: items grouped into turns, original items kept for
// Responses-native upstreams, what only such an upstream can serve reported, the rest in responses_extra.
import { describe, expect, it } from 'vitest';
import { parseResponsesRequest, responsesToCanonical } from '../src/index.js';

const translate = (body: Record<string, unknown>) => responsesToCanonical(parseResponsesRequest({ model: 'm', ...body }));

describe('responsesToCanonical', () => {
  it('instructions, a string input and the canonical fields', () => {
    const { request, native } = translate({
      input: 'hi',
      instructions: 'Be brief.',
      temperature: 0.3,
      top_p: 0.9,
      max_output_tokens: 100,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      metadata: { k: 'v' },
      user: 'u1',
      parallel_tool_calls: false,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'p',
      stream: true,
    });
    expect(native).toEqual([]);
    expect(request).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.', responses_instructions: true },
        { role: 'user', content: 'hi' },
      ],
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'high',
      max_completion_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      metadata: { k: 'v' },
      user: 'u1',
      stream: true,
      stream_options: { include_usage: true },
      responses_extra: {
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'p',
        text: { verbosity: 'low' },
        reasoning: { summary: 'auto' },
      },
    });
  });

  it('a run of assistant-side items is one assistant turn; tool outputs are tool messages; images follow them', () => {
    const items = [
      { role: 'user', content: [{ type: 'input_text', text: 'look' }] },
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [
          { type: 'summary_text', text: 'a' },
          { type: 'summary_text', text: 'b' },
        ],
      },
      { type: 'message', role: 'assistant', id: 'msg_1', content: [{ type: 'output_text', text: 'calling', annotations: [] }] },
      { type: 'function_call', id: 'fc_1', call_id: 'c1', name: 'shot', arguments: '{}' },
      { type: 'function_call', id: 'fc_2', call_id: 'c2', name: 'shot', arguments: '{"n":2}' },
      {
        type: 'function_call_output',
        call_id: 'c1',
        output: [
          { type: 'input_text', text: 'one' },
          { type: 'input_image', image_url: 'https://x/1.png' },
        ],
      },
      { type: 'function_call_output', call_id: 'c2', output: 'two' },
      { role: 'user', content: 'next' },
    ];
    const { request, native } = translate({ input: items });
    expect(native).toEqual([]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'look' }] },
      {
        role: 'assistant',
        content: 'calling',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'shot', arguments: '{}' } },
          { id: 'c2', type: 'function', function: { name: 'shot', arguments: '{"n":2}' } },
        ],
        reasoning_content: 'a\n\nb',
        responses_items: items.slice(1, 5),
      },
      { role: 'tool', tool_call_id: 'c1', content: 'one', responses_items: [items[5]] },
      { role: 'tool', tool_call_id: 'c2', content: 'two', responses_items: [items[6]] },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/1.png' } }], responses_synthetic: true },
      { role: 'user', content: 'next' },
    ]);
  });

  it('what only a Responses upstream can serve is reported with its param and kept for it', () => {
    const { request, native } = translate({
      input: [
        { type: 'item_reference', id: 'msg_0' },
        { role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true },
      ],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }, { type: 'web_search' }],
      tool_choice: { type: 'web_search' },
      previous_response_id: 'resp_upstream',
    });
    expect(native.map((n) => n.param)).toEqual([
      'input[0]',
      'input[1].content[0]',
      'input[2]',
      'input[3]',
      'previous_response_id',
      'tools[1]',
      'tool_choice',
    ]);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [{ type: 'file', file: { file_id: 'file-1' }, responses_part: { type: 'input_file', file_id: 'file-1' } }],
        responses_before: [{ type: 'item_reference', id: 'msg_0' }],
      },
      {
        role: 'assistant',
        content: '',
        responses_items: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }],
        responses_after: [{ type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true }],
      },
    ]);
    // A function tool without `strict` stays without it: other upstreams get no strict schema they were not asked for.
    expect(request.tools).toEqual([{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }]);
    expect(request.tool_choice).toBeUndefined();
    expect(request.responses_extra).toEqual({
      previous_response_id: 'resp_upstream',
      tools: [{ type: 'web_search' }],
      tool_choice: { type: 'web_search' },
    });
  });

  it('stored history goes between the instructions and the new input; previous_response_id is then resolved', () => {
    const history = [
      { role: 'user' as const, content: 'first' },
      { role: 'assistant' as const, content: 'answer' },
    ];
    const { request, native } = responsesToCanonical(
      parseResponsesRequest({ model: 'm', input: 'second', instructions: 'I', previous_response_id: 'resp_1' }),
      { history },
    );
    expect(native).toEqual([]);
    expect(request.messages.map((m) => m.content)).toEqual(['I', 'first', 'answer', 'second']);
    expect(request.responses_extra).toEqual({});
  });
});
