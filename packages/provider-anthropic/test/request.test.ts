import type { ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type AnthropicOptions, anthropicProvider, buildMessagesBody, JSON_TOOL_NAME } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

const body = (req: Partial<ChatRequest>, stream = false, options: Partial<AnthropicOptions> = {}) =>
  buildMessagesBody({ model: 'claude', messages: [{ role: 'user', content: 'hi' }], ...req } as ChatRequest, makeCall(stream, options));

describe('canonical request -> Anthropic Messages request', () => {
  it('builds the URL and headers from baseUrl, version, apiKey, beta and headers', () => {
    const call = makeCall(true, {
      baseUrl: 'https://proxy.example/anthropic/v1/',
      beta: ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'],
      headers: { 'x-team': 'search' },
    });
    const up = anthropicProvider.toUpstream({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }, call);
    expect(up.url).toBe('https://proxy.example/anthropic/v1/messages');
    expect(up.method).toBe('POST');
    expect(up.headers).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'test-key',
      'anthropic-beta': 'interleaved-thinking-2025-05-14,context-1m-2025-08-07',
      'x-team': 'search',
    });
    expect(JSON.parse(up.body!)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
  });

  it('options: defaults and validation', () => {
    const o = anthropicProvider.options.parse({ apiKey: 'k' });
    expect(o).toEqual({
      apiKey: 'k',
      baseUrl: 'https://api.anthropic.com/v1',
      version: '2023-06-01',
      defaultMaxTokens: 4096,
      headers: {},
      beta: [],
      jsonMode: 'tool',
      omitSampling: false,
    });
    expect(anthropicProvider.options.safeParse({ apiKey: 'k', apikey: 'typo' }).success).toBe(false);
    expect(anthropicProvider.capabilities).toEqual({ chat: true, stream: true, tools: true, vision: true, json: true, embeddings: false });
    expect(anthropicProvider.embeddings).toBeUndefined();
  });

  it('system and developer messages -> top-level system; a single one stays a string', () => {
    expect(
      body({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
        ],
      }).system,
    ).toBe('Be brief.');
    const b = body({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
      ],
    });
    expect(b.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use French.' },
    ]);
    expect(b.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('cache_control on system parts, content parts and tools is passed through', () => {
    const b = body({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long prompt', cache_control: { type: 'ephemeral' } } as never] },
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: { type: 'ephemeral', ttl: '1h' } } as never] },
      ],
      tools: [{ type: 'function', function: { name: 'f' }, cache_control: { type: 'ephemeral' } } as never],
    });
    expect(b.system).toEqual([{ type: 'text', text: 'Long prompt', cache_control: { type: 'ephemeral' } }]);
    expect(b.messages[0]!.content).toEqual([{ type: 'text', text: 'q', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(b.tools).toEqual([{ name: 'f', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }]);
  });

  it('consecutive messages of one role are merged', () => {
    const b = body({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: 'd' },
        { role: 'user', content: 'e' },
      ],
    });
    expect(b.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'c' },
          { type: 'text', text: 'd' },
        ],
      },
      { role: 'user', content: 'e' },
    ]);
  });

  it('assistant tool_calls -> tool_use with parsed input; tool messages -> tool_result blocks first in the next user turn', () => {
    const b = body({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call.2', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call.2', content: [{ type: 'text', text: 'error: no city' }], is_error: true } as never,
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect(b.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          // Ids must match ^[a-zA-Z0-9_-]+$ upstream.
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'error: no city' }], is_error: true },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('tool_result blocks are moved before other content even when the user message came first', () => {
    const b = body({
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'user', content: 'note' },
        { role: 'tool', tool_call_id: 't', content: 'ok' },
      ],
    });
    expect(b.messages[1]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 't', content: 'ok' },
      { type: 'text', text: 'note' },
    ]);
  });

  it('invalid tool arguments are a 400 naming the field', () => {
    expect(() =>
      body({
        messages: [
          { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{' } }] },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'SY_ERR_INVALID_REQUEST', param: 'messages[0].tool_calls[0].function.arguments' }));
  });

  it('images: data URLs -> base64 source, http URLs -> url source (recorded fixture)', () => {
    const f = fixtureJson('images.request.json');
    expect(buildMessagesBody(f.canonical, makeCall(false))).toEqual(f.anthropic);
  });

  it('file parts: PDF data URL -> document; audio is rejected', () => {
    const b = body({
      messages: [
        { role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'a.pdf' } }] },
      ],
    });
    expect(b.messages[0]!.content).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'a.pdf' },
    ]);
    expect(() =>
      body({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }),
    ).toThrow(expect.objectContaining({ code: 'SY_ERR_UNSUPPORTED' }));
  });

  it('tools -> {name, description, input_schema}; tool_choice mapping; parallel_tool_calls false', () => {
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          strict: true,
        },
      },
    ];
    expect(body({ tools }).tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        strict: true,
      },
    ]);
    expect(body({ tools }).tool_choice).toBeUndefined();
    expect(body({ tools, tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(body({ tools, tool_choice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(body({ tools, tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(body({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }).tool_choice).toEqual({
      type: 'tool',
      name: 'get_weather',
    });
    expect(body({ tools, parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body({ tools, tool_choice: 'required', parallel_tool_calls: false }).tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
  });

  it('sampling: stop -> stop_sequences, temperature capped at 1, top_k passed, user -> metadata.user_id', () => {
    const b = body({ stop: ['\n\nHuman:', ''], temperature: 1.6, top_p: 0.9, top_k: 40, user: 'u-123', seed: 7 } as never);
    expect(b).toMatchObject({
      stop_sequences: ['\n\nHuman:'],
      temperature: 1,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'u-123' },
    });
    expect(b).not.toHaveProperty('seed');
    expect(body({ stop: 'END' }).stop_sequences).toEqual(['END']);
  });

  it('omitSampling: temperature, top_p and top_k are not sent (newer models reject them)', () => {
    const b = body({ temperature: 0.7, top_p: 0.9, top_k: 40 } as never, false, { omitSampling: true });
    expect(b).not.toHaveProperty('temperature');
    expect(b).not.toHaveProperty('top_p');
    expect(b).not.toHaveProperty('top_k');
  });

  it('max_tokens: max_completion_tokens, then max_tokens, then defaultMaxTokens', () => {
    expect(body({ max_completion_tokens: 50, max_tokens: 99 }).max_tokens).toBe(50);
    expect(body({ max_tokens: 99 }).max_tokens).toBe(99);
    expect(body({}, false, { defaultMaxTokens: 1000 }).max_tokens).toBe(1000);
  });

  it('n > 1 is refused', () => {
    expect(() => body({ n: 2 })).toThrow(expect.objectContaining({ code: 'SY_ERR_UNSUPPORTED', param: 'n' }));
  });

  it('thinking: passed through, or from reasoning_effort; sampling changes dropped; max_tokens kept above the budget', () => {
    const b = body({ reasoning_effort: 'high', temperature: 0.2, top_k: 5 } as never);
    expect(b.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(b.max_tokens).toBe(16384 + 4096);
    expect(b).not.toHaveProperty('temperature');
    expect(b).not.toHaveProperty('top_k');
    expect(body({ thinking: { type: 'adaptive' } } as never).thinking).toEqual({ type: 'adaptive' });
    expect(body({ reasoning_effort: 'minimal' } as never)).not.toHaveProperty('thinking');
  });

  it('reasoning round trip: thinking_blocks on an assistant message are replayed first; unsigned ones dropped', () => {
    const b = body({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'a',
          reasoning_content: 'hmm',
          thinking_blocks: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'enc' },
            { type: 'thinking', thinking: 'from another provider', signature: '' },
          ],
        } as never,
        { role: 'user', content: 'more' },
      ],
    });
    expect(b.messages[1]!.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: 'sig' },
      { type: 'redacted_thinking', data: 'enc' },
      { type: 'text', text: 'a' },
    ]);
  });

  it('a final assistant message is a prefill and loses trailing whitespace', () => {
    const b = body({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'The answer is ' },
      ],
    });
    expect(b.messages.at(-1)).toEqual({ role: 'assistant', content: 'The answer is' });
  });

  describe('response_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] };
    it('tool mode: forces the reserved tool with the schema', () => {
      const b = body({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } });
      expect(b.tools).toEqual([{ name: JSON_TOOL_NAME, description: 'Respond with the answer.', input_schema: schema }]);
      expect(b.tool_choice).toEqual({ type: 'tool', name: JSON_TOOL_NAME });
      expect(body({ response_format: { type: 'json_object' } }).tools?.[0]?.input_schema).toEqual({
        type: 'object',
        additionalProperties: true,
      });
    });
    it('with caller tools or thinking: an instruction appended to system instead', () => {
      const b = body({
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'q' },
        ],
        tools: [{ type: 'function', function: { name: 'f' } }],
        response_format: { type: 'json_object' },
      });
      expect(b.tools?.map((t) => t.name)).toEqual(['f']);
      expect(b.system).toBe('S\n\nRespond only with a valid JSON object, with no other text.');
      const t = body({
        thinking: { type: 'enabled', budget_tokens: 2048 },
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      } as never);
      expect(t.tools).toBeUndefined();
      expect(t.system).toContain('"required":["a"]');
    });
    it('native mode: output_config.format for json_schema', () => {
      const b = body({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }, false, { jsonMode: 'native' });
      expect(b.output_config).toEqual({ format: { type: 'json_schema', schema } });
      expect(b.tools).toBeUndefined();
    });
  });
});
