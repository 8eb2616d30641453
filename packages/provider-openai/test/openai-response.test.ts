import type { UpstreamCall } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type OpenAIOptions, OpenAIOptionsSchema, openaiProvider } from '../src/index.js';
import { fixtureJson } from './fixtures.js';

const call: UpstreamCall<OpenAIOptions> = { provider: 'openai', model: 'gpt-4o', options: OpenAIOptionsSchema.parse({}), stream: false };

describe('openai fromUpstream', () => {
  it('reads a text completion with usage details, keeping vendor fields', () => {
    const res = openaiProvider.fromUpstream(fixtureJson('openai-text.json'), call);
    expect(res).toMatchObject({
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      object: 'chat.completion',
      created: 1741569952,
      model: 'gpt-4.1-2025-04-14',
      system_fingerprint: 'fp_b376dfbbd5',
      service_tier: 'default',
    });
    expect(res.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I assist you today?', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(res.usage).toMatchObject({
      prompt_tokens: 19,
      completion_tokens: 10,
      total_tokens: 29,
      prompt_tokens_details: { cached_tokens: 0 },
    });
  });

  it('reads tool calls with null content and finish_reason tool_calls', () => {
    const res = openaiProvider.fromUpstream(fixtureJson('openai-tool-call.json'), call);
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_abc123', type: 'function', function: { name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' } },
    ]);
  });

  it('keeps structured output as the JSON string content', () => {
    const res = openaiProvider.fromUpstream(fixtureJson('openai-json-schema.json'), call);
    expect(JSON.parse(res.choices[0]!.message.content as string)).toEqual({
      name: 'Science Fair',
      date: 'Friday',
      participants: ['Alice', 'Bob'],
    });
  });

  it('throws a coded protocol error for a body without choices', () => {
    expect(() => openaiProvider.fromUpstream({ id: 'x' }, call)).toThrow(expect.objectContaining({ code: 'SY_ERR_UPSTREAM_PROTOCOL' }));
    expect(() => openaiProvider.fromUpstream('nope', call)).toThrow(expect.objectContaining({ code: 'SY_ERR_UPSTREAM_PROTOCOL' }));
  });

  it('throws the upstream error when a server answers 200 with an error body', () => {
    expect(() => openaiProvider.fromUpstream({ error: { message: 'model overloaded', type: 'server_error' } }, call)).toThrow(
      expect.objectContaining({ code: 'SY_ERR_UPSTREAM', message: expect.stringContaining('model overloaded') }),
    );
  });

  it('fills what compatible servers leave out: ids of tool calls, object arguments, missing usage total', () => {
    const res = openaiProvider.fromUpstream(
      {
        id: 'resp-1',
        model: '',
        choices: [
          {
            message: { role: 'assistant', content: null, tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 4, prompt_tokens_details: null },
      },
      call,
    );
    expect(res.model).toBe('gpt-4o');
    const tc = res.choices[0]!.message.tool_calls![0]!;
    expect(tc.id).toMatch(/^call_/);
    expect(tc.function.arguments).toBe('{"a":1}');
    expect(res.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });
});
