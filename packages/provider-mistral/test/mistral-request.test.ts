import type { ChatMessage, ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mistralProvider, toMistralToolCallId } from '../src/index.js';
import { makeCall, SECRET, upstreamBody } from './helpers.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('mistral request mapping', () => {
  it('posts to {baseUrl}/chat/completions with bearer auth and the upstream model', () => {
    const req = mistralProvider.toUpstream(
      { model: 'alias', messages: [user('hi')] },
      makeCall({ options: { headers: { 'x-team': 'a' } } }),
    );
    expect(req.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(req.method).toBe('POST');
    expect(req.headers).toEqual({ 'content-type': 'application/json', authorization: `Bearer ${SECRET}`, 'x-team': 'a' });
    expect(JSON.parse(req.body!)).toEqual({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('honours a baseUrl override (a proxy, or a fake)', () => {
    const req = mistralProvider.toUpstream(
      { model: 'x', messages: [user('hi')] },
      makeCall({ options: { baseUrl: 'http://127.0.0.1:9/v1/' } }),
    );
    expect(req.url).toBe('http://127.0.0.1:9/v1/chat/completions');
  });

  it('renames seed and max_completion_tokens, maps tool_choice required -> any, drops what Mistral rejects', () => {
    const body = upstreamBody({
      model: 'x',
      messages: [user('hi')],
      seed: 7,
      max_tokens: 50,
      max_completion_tokens: 100,
      tool_choice: 'required',
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral' } } as any],
      user: 'u-1',
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { '1': 2 },
      store: true,
      service_tier: 'auto',
      stream_options: { include_usage: true },
      temperature: 0.3,
      top_p: null,
      stop: ['END'],
      n: 1,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      metadata: { team: 'a' },
    } as ChatRequest);
    expect(body).toEqual({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'hi' }],
      random_seed: 7,
      max_tokens: 100,
      tool_choice: 'any',
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      temperature: 0.3,
      stop: ['END'],
      n: 1,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      metadata: { team: 'a' },
    });
  });

  it('never sends stream_options: Mistral reports usage in the last content chunk without it', () => {
    const body = upstreamBody(
      { model: 'x', messages: [user('hi')], stream: true, stream_options: { include_usage: true } },
      makeCall({ stream: true }),
    );
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('keeps Mistral-native fields (safe_prompt, prompt_mode, random_seed) and applies the safePrompt option', () => {
    expect(
      upstreamBody({ model: 'x', messages: [user('hi')], prompt_mode: 'reasoning', random_seed: 3, seed: 9 } as ChatRequest),
    ).toMatchObject({
      prompt_mode: 'reasoning',
      random_seed: 3,
    });
    expect(upstreamBody({ model: 'x', messages: [user('hi')] }, makeCall({ options: { safePrompt: true } })).safe_prompt).toBe(true);
    expect(
      upstreamBody({ model: 'x', messages: [user('hi')], safe_prompt: false } as ChatRequest, makeCall({ options: { safePrompt: true } }))
        .safe_prompt,
    ).toBe(false);
  });

  it('maps reasoning_effort to the two levels Mistral knows', () => {
    const effort = (reasoning_effort: string) =>
      upstreamBody({ model: 'x', messages: [user('q')], reasoning_effort } as ChatRequest).reasoning_effort;
    expect(effort('high')).toBe('high');
    expect(effort('minimal')).toBe('none');
    expect(effort('medium')).toBeUndefined();
  });

  it('removes name from user and system messages, turns developer into system, strips foreign extensions', () => {
    const body = upstreamBody({
      model: 'x',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'text', text: 'Be kind.', cache_control: { type: 'ephemeral' } } as any], name: 'sys' },
        { role: 'user', content: 'Hello', name: 'alice' },
        { role: 'assistant', content: 'Hi!', reasoning_content: 'greet', refusal: null, name: 'bot', thinking_blocks: [] } as ChatMessage,
        user('Bye'),
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Be kind.' }] },
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'Bye' },
    ]);
  });

  it('translates user content parts: images, audio and files', () => {
    const body = upstreamBody({
      model: 'x',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_id: 'file-123' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });
    expect(body.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
      { type: 'input_audio', input_audio: 'UklGRg==' },
      { type: 'file', file_id: 'file-123' },
      { type: 'document_url', document_url: 'data:application/pdf;base64,JVBERi0=', document_name: 'a.pdf' },
    ]);
  });

  it('marks a final assistant message as a prefix (prefill)', () => {
    const body = upstreamBody({ model: 'x', messages: [user('Write a haiku'), { role: 'assistant', content: 'Autumn' }] });
    expect(body.messages[1]).toEqual({ role: 'assistant', content: 'Autumn', prefix: true });
  });
});

describe('mistral tool-call ids', () => {
  const foreign: ChatMessage[] = [
    user('Weather and time in Paris?'),
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_aXTvcUi8RFCgAXfr2B6WyIQv', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        {
          id: 'toolu_01A09q90qw90lq917835lq9',
          type: 'function',
          function: { name: 'get_time', arguments: '{}' },
          extra_content: { x: 1 },
        } as any,
      ],
    },
    { role: 'tool', tool_call_id: 'call_aXTvcUi8RFCgAXfr2B6WyIQv', content: '18C' },
    { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: '14:00' }] },
  ];

  it('maps foreign ids to 9 alphanumerics in the calls and the matching tool messages, and names the tool messages', () => {
    const [, assistant, weather, time] = upstreamBody({ model: 'x', messages: foreign }).messages;
    const ids = assistant.tool_calls.map((t: any) => t.id);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(assistant).toEqual({
      role: 'assistant',
      tool_calls: [
        { id: ids[0], type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: ids[1], type: 'function', function: { name: 'get_time', arguments: '{}' } },
      ],
    });
    expect(weather).toEqual({ role: 'tool', content: '18C', tool_call_id: ids[0], name: 'get_weather' });
    expect(time).toEqual({ role: 'tool', content: [{ type: 'text', text: '14:00' }], tool_call_id: ids[1], name: 'get_time' });
  });

  it('is stable: the same foreign id maps the same way in every request', () => {
    const a = upstreamBody({ model: 'x', messages: foreign }).messages[1].tool_calls[0].id;
    const b = upstreamBody({ model: 'x', messages: [...foreign, { role: 'assistant', content: 'Done' }, user('thanks')] }).messages[1]
      .tool_calls[0].id;
    expect(a).toBe(b);
    expect(a).toBe(toMistralToolCallId('call_aXTvcUi8RFCgAXfr2B6WyIQv'));
  });

  it('passes Mistral ids through unchanged', () => {
    expect(toMistralToolCallId('D681PevKs')).toBe('D681PevKs');
    const messages: ChatMessage[] = [
      user('q'),
      { role: 'assistant', content: null, tool_calls: [{ id: 'D681PevKs', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'D681PevKs', content: 'ok' },
    ];
    const body = upstreamBody({ model: 'x', messages });
    expect(body.messages[1].tool_calls[0].id).toBe('D681PevKs');
    expect(body.messages[2].tool_call_id).toBe('D681PevKs');
  });

  it('does not collide on ids that share a long prefix', () => {
    const ids = new Set(Array.from({ length: 500 }, (_, i) => toMistralToolCallId(`call_0000000000000000000${i}`)));
    expect(ids.size).toBe(500);
  });
});
