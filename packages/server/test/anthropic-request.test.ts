import { ChatRequestSchema, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { anthropicToCanonical } from '../src/anthropic/anthropic-to-canonical.js';
import { parseCountTokensRequest, parseMessagesRequest } from '../src/anthropic/messages-request-schema.js';

const base = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] };
const convert = (extra: Record<string, unknown>, opts = {}) => anthropicToCanonical(parseMessagesRequest({ ...base, ...extra }), opts);

/** A request shaped like Claude Code's: system blocks with cache_control, tools, thinking, metadata, beta fields. */
const claudeCodeLike = {
  model: 'claude-sonnet-4-5-20250929',
  max_tokens: 32000,
  stream: true,
  temperature: 1,
  system: [
    { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'Working directory: /repo', cache_control: { type: 'ephemeral' } },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'run the tests' }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'I should run npm test.', signature: 'EqQBsig' },
        { type: 'text', text: "I'll run them." },
        { type: 'tool_use', id: 'toolu_01Bash', name: 'Bash', input: { command: 'npm test' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01Bash',
          content: [{ type: 'text', text: '3 passed' }],
          cache_control: { type: 'ephemeral' },
        },
      ],
    },
  ],
  tools: [
    {
      name: 'Bash',
      description: 'Run a shell command',
      input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'], additionalProperties: false },
    },
  ],
  tool_choice: { type: 'auto' },
  thinking: { type: 'enabled', budget_tokens: 31999 },
  metadata: { user_id: 'user_abc_account_123_session_456' },
  context_management: { edits: [] },
};

describe('parseMessagesRequest', () => {
  it('accepts what Claude Code sends, including unknown beta fields', () => {
    const req = parseMessagesRequest(claudeCodeLike);
    expect(req.model).toBe('claude-sonnet-4-5-20250929');
  });

  it('requires max_tokens and names the field', () => {
    const { max_tokens: _m, ...noMax } = base;
    const err = (() => {
      try {
        parseMessagesRequest(noMax);
      } catch (e) {
        return e as SwitchyardError;
      }
    })();
    expect(SwitchyardError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, param: 'max_tokens' });
  });

  it('rejects a non-object body and a bad role', () => {
    expect(() => parseMessagesRequest([])).toThrow(/JSON object/);
    expect(() => parseMessagesRequest({ ...base, messages: [{ role: 'tool', content: 'x' }] })).toThrow(/messages\[0\]\.role/);
  });

  it('count_tokens does not need max_tokens', () => {
    expect(parseCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).messages).toHaveLength(1);
  });
});

describe('anthropicToCanonical', () => {
  it('a Claude Code request becomes a valid canonical request that keeps caching and thinking', () => {
    const chat = anthropicToCanonical(parseMessagesRequest(claudeCodeLike));
    expect(ChatRequestSchema.safeParse(chat).success).toBe(true);
    expect(chat).toMatchObject({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 32000,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 1,
      user: 'user_abc_account_123_session_456',
      thinking: { type: 'enabled', budget_tokens: 31999 },
      tool_choice: 'auto',
    });
    expect(chat.messages).toEqual([
      {
        role: 'system',
        content: [
          { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Working directory: /repo', cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'user', content: 'run the tests' },
      {
        role: 'assistant',
        content: "I'll run them.",
        tool_calls: [{ id: 'toolu_01Bash', type: 'function', function: { name: 'Bash', arguments: '{"command":"npm test"}' } }],
        reasoning_content: 'I should run npm test.',
        thinking_blocks: [{ type: 'thinking', thinking: 'I should run npm test.', signature: 'EqQBsig' }],
      },
      { role: 'tool', tool_call_id: 'toolu_01Bash', content: '3 passed', cache_control: { type: 'ephemeral' } },
    ]);
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'Bash',
          description: 'Run a shell command',
          parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'], additionalProperties: false },
        },
      },
    ]);
  });

  it('tool_choice mapping and disable_parallel_tool_use', () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    expect(convert({ tools, tool_choice: { type: 'any' } }).tool_choice).toBe('required');
    expect(convert({ tools, tool_choice: { type: 'none' } }).tool_choice).toBe('none');
    expect(convert({ tools, tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true } })).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
    });
  });

  it('tool results come out as tool messages before the rest of the user turn; images in a result follow it', () => {
    const chat = convert({
      messages: [
        { role: 'user', content: 'look' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'screenshot', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              is_error: false,
              content: [
                { type: 'text', text: 'captured' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              ],
            },
            { type: 'text', text: 'what do you see?' },
          ],
        },
      ],
    });
    expect(chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'screenshot', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 't1', content: 'captured' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'text', text: 'what do you see?' },
        ],
      },
    ]);
  });

  it('documents: base64 PDF and plain text -> file parts with data URLs', () => {
    const chat = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'a.pdf' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hi' } },
          ],
        },
      ],
    });
    expect(chat.messages[0]!.content).toEqual([
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'a.pdf' } },
      { type: 'file', file: { file_data: 'data:text/plain;base64,aGk=' } },
    ]);
  });

  it('server tools are refused clearly, or dropped on request', () => {
    const tools = [
      { name: 'f', input_schema: { type: 'object' } },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
    ];
    expect(() => convert({ tools })).toThrow(
      expect.objectContaining({ code: 'SY_ERR_UNSUPPORTED', param: 'tools[1]', message: expect.stringContaining('web_search_20250305') }),
    );
    expect(convert({ tools }, { serverTools: 'drop' }).tools?.map((t) => t.function.name)).toEqual(['f']);
  });

  it('unknown content blocks are refused naming the block', () => {
    expect(() => convert({ messages: [{ role: 'user', content: [{ type: 'container_upload', file_id: 'f' }] }] })).toThrow(
      expect.objectContaining({ code: 'SY_ERR_UNSUPPORTED', param: 'messages[0].content[0]' }),
    );
  });

  it('sampling and limits: stop_sequences, top_k, output_config json schema', () => {
    const chat = convert({
      stop_sequences: ['###'],
      top_p: 0.9,
      top_k: 20,
      output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } },
    });
    expect(chat).toMatchObject({
      stop: ['###'],
      top_p: 0.9,
      top_k: 20,
      response_format: { type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object', properties: {} }, strict: true } },
    });
    // Anthropic allows more than OpenAI's four; the target decides (OpenAI answers its own 400).
    expect(convert({ stop_sequences: ['a', 'b', 'c', 'd', 'e'] }).stop).toHaveLength(5);
    expect(convert({}).stream).toBeUndefined();
  });

  it('role "system" messages (newer SDKs) become system messages in place', () => {
    const chat = convert({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'system', content: 'Now answer in French.' },
        { role: 'user', content: 'b' },
      ],
    });
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'system', 'user']);
  });
});
