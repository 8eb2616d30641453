import { describe, expect, it } from 'vitest';
import { engine, events, json, parts, post, user } from './helpers.js';

describe('mock chat (non-stream)', () => {
  it('echoes the last user message with word-count usage, in the OpenAI response shape', () => {
    const res = json(post(engine(), { model: 'echo', messages: [{ role: 'system', content: 'be brief' }, user('hello big world')] }));
    expect(res).toMatchObject({
      object: 'chat.completion',
      model: 'echo',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'hello big world', refusal: null }, logprobs: null, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      system_fingerprint: 'fp_mock',
    });
    expect(res.id).toMatch(/^chatcmpl-mock[0-9a-f]{16}$/);
    expect(typeof res.created).toBe('number');
  });

  it('is deterministic: the same request gives the same id, text and usage (also from a fresh engine)', () => {
    const body = { model: 'echo+tools', messages: [user('same input')], tools: [{ type: 'function', function: { name: 'f' } }] };
    const a = json(post(engine(), body));
    const b = json(post(engine(), body));
    expect(b.id).toBe(a.id);
    expect(b.choices).toEqual(a.choices);
    expect(b.usage).toEqual(a.usage);
  });

  it('echoes text parts of multimodal content and ignores images', () => {
    const res = json(
      post(engine(), {
        model: 'echo',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'look' },
              { type: 'image_url', image_url: { url: 'data:,' } },
              { type: 'text', text: 'here' },
            ],
          },
        ],
      }),
    );
    expect(res.choices[0].message.content).toBe('look\nhere');
  });

  it('scripted reply, replies by turn, lorem, and reasoning', () => {
    const e = engine({
      models: { bot: { reply: 'fixed' }, chat: { replies: ['first', 'second'] }, deep: { reply: 'ok', reasoning: 'let me think' } },
    });
    expect(json(post(e, { model: 'bot', messages: [user('x')] })).choices[0].message.content).toBe('fixed');
    const turn2 = [user('a'), { role: 'assistant', content: 'first' }, user('b')];
    expect(json(post(e, { model: 'chat', messages: [user('a')] })).choices[0].message.content).toBe('first');
    expect(json(post(e, { model: 'chat', messages: turn2 })).choices[0].message.content).toBe('second');
    expect(json(post(e, { model: 'lorem-5', messages: [user('x')] })).choices[0].message.content).toBe('lorem ipsum dolor sit amet');
    const deep = json(post(e, { model: 'deep', messages: [user('x')] }));
    expect(deep.choices[0].message).toMatchObject({ content: 'ok', reasoning_content: 'let me think' });
    expect(deep.usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: 4,
      total_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 3 },
    });
  });

  it('max_tokens truncates the reply with finish_reason length; stop sequences cut it', () => {
    const e = engine();
    const long = json(post(e, { model: 'echo', messages: [user('one two three four five')], max_tokens: 2 }));
    expect(long.choices[0]).toMatchObject({ message: { content: 'one two' }, finish_reason: 'length' });
    expect(long.usage.completion_tokens).toBe(2);
    const stopped = json(post(e, { model: 'echo', messages: [user('alpha. beta')], stop: ['.'] }));
    expect(stopped.choices[0]).toMatchObject({ message: { content: 'alpha' }, finish_reason: 'stop' });
  });

  it('answers OpenAI-style 400s for bad requests, including stream_options without stream', () => {
    const e = engine();
    const bad = e.handle('POST', '/v1/chat/completions', '{nope', {});
    expect(bad.status).toBe(400);
    expect(json(bad).error.type).toBe('invalid_request_error');
    expect(post(e, { model: 'echo', messages: [] }).status).toBe(400);
    expect(post(e, { model: 'echo', messages: [null, 'hi'] }).status).toBe(400);
    expect(post(e, { messages: [user('x')] }).status).toBe(400);
    const so = post(e, { model: 'echo', messages: [user('x')], stream_options: { include_usage: true } });
    expect(so.status).toBe(400);
    expect(json(so).error.param).toBe('stream_options');
  });

  it('requires the configured apiKey as bearer or api-key header', () => {
    const e = engine({ apiKey: 'sk-mock-1' });
    const body = { model: 'echo', messages: [user('x')] };
    const denied = post(e, body);
    expect(denied.status).toBe(401);
    expect(json(denied).error.code).toBe('invalid_api_key');
    expect(post(e, body, undefined, { authorization: 'Bearer sk-mock-1' }).status).toBe(200);
    expect(post(e, body, undefined, { 'api-key': 'sk-mock-1' }).status).toBe(200);
  });

  it('routes by path suffix: Azure deployment paths work, unknown paths are 404, GET /models lists scripts', () => {
    const e = engine({ models: { bot: { reply: 'x' } } });
    expect(post(e, { model: 'echo', messages: [user('x')] }, '/openai/deployments/d/chat/completions?api-version=2024-10-21').status).toBe(
      200,
    );
    expect(post(e, {}, '/v1/completions').status).toBe(404);
    expect(json(e.handle('GET', '/v1/models', '', {})).data.map((m: { id: string }) => m.id)).toEqual(['echo', 'bot']);
  });
});

describe('mock chat (stream)', () => {
  it('streams OpenAI chunks: role delta first, one word per chunk, finish, usage chunk only when asked, then [DONE]', () => {
    const e = engine();
    const ex = post(e, { model: 'echo', messages: [user('hello big world')], stream: true, stream_options: { include_usage: true } });
    expect(ex.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const evts = events(ex);
    expect(evts[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(evts.slice(1, 4).map((c) => c.choices[0].delta.content)).toEqual(['hello', ' big', ' world']);
    expect(evts[4].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(evts[5]).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } });
    expect(evts.slice(0, 5).every((c) => c.usage === null)).toBe(true);
    expect(evts[6]).toBe('[DONE]');

    const noUsage = events(post(e, { model: 'echo', messages: [user('hello')], stream: true }));
    expect(noUsage.some((c) => c !== '[DONE]' && 'usage' in c)).toBe(false);
    expect(noUsage.at(-1)).toBe('[DONE]');
  });

  it('chunks-<n> splits the reply into n near-equal chunks', () => {
    const evts = events(post(engine(), { model: 'echo+chunks-4', messages: [user('abcdefgh')], stream: true }));
    expect(evts.slice(1, 5).map((c) => c.choices[0].delta.content)).toEqual(['ab', 'cd', 'ef', 'gh']);
  });

  it('no-usage omits the usage chunk even when asked (servers that ignore include_usage)', () => {
    const evts = events(
      post(engine(), { model: 'echo+no-usage', messages: [user('x')], stream: true, stream_options: { include_usage: true } }),
    );
    expect(evts.filter((c) => c !== '[DONE]' && c.usage)).toHaveLength(0);
  });

  it('decodes through the provider into text, finish and usage parts', () => {
    const p = parts(post(engine(), { model: 'think', messages: [user('why sky')], stream: true, stream_options: { include_usage: true } }));
    expect(p.map((x) => x.type)).toEqual(['start', 'reasoning', 'reasoning', 'reasoning', 'reasoning', 'text', 'text', 'finish', 'usage']);
  });

  it('error-after-<n> ends with an in-stream error event and no [DONE]', () => {
    const ex = post(engine(), { model: 'error-after-1', messages: [user('a b c')], stream: true });
    const evts = events(ex);
    expect(evts).toHaveLength(3);
    expect(evts[2].error).toMatchObject({ type: 'server_error' });
    expect(ex.drop).toBe(false);
    expect(parts(ex).at(-1)).toMatchObject({ type: 'error', error: { code: 'SY_ERR_UPSTREAM' } });
  });

  it('drop-after-<n> stops after n content chunks and marks the connection to be dropped', () => {
    const ex = post(engine(), { model: 'drop-after-2', messages: [user('a b c d')], stream: true });
    expect(ex.drop).toBe(true);
    expect(events(ex).map((c) => c.choices[0].delta.content)).toEqual(['', 'a', ' b']);
  });
});

describe('mock tool calls', () => {
  const tools = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'string' },
            days: { type: 'integer' },
            unit: { type: 'string', enum: ['c', 'f'] },
            note: { type: 'string' },
          },
          required: ['city', 'days', 'unit'],
        },
      },
    },
    { type: 'function', function: { name: 'other' } },
  ];

  it('tool_choice required calls the first tool with arguments from its schema', () => {
    const res = json(post(engine(), { model: 'echo', messages: [user('Paris')], tools, tool_choice: 'required' }));
    const m = res.choices[0].message;
    expect(res.choices[0].finish_reason).toBe('tool_calls');
    expect(m.content).toBeNull();
    expect(m.tool_calls).toHaveLength(1);
    expect(m.tool_calls[0]).toMatchObject({
      type: 'function',
      id: expect.stringMatching(/^call_[0-9a-f]{16}$/),
      function: { name: 'get_weather' },
    });
    expect(JSON.parse(m.tool_calls[0].function.arguments)).toEqual({ city: 'Paris', days: 1, unit: 'c' });
  });

  it('a forced function is called; auto without a directive answers with text; none never calls', () => {
    const e = engine();
    const forced = json(
      post(e, { model: 'echo', messages: [user('x')], tools, tool_choice: { type: 'function', function: { name: 'other' } } }),
    );
    expect(forced.choices[0].message.tool_calls[0].function).toEqual({ name: 'other', arguments: '{}' });
    expect(json(post(e, { model: 'echo', messages: [user('x')], tools })).choices[0].message.content).toBe('x');
    expect(json(post(e, { model: 'tools', messages: [user('x')], tools, tool_choice: 'none' })).choices[0].finish_reason).toBe('stop');
    expect(json(post(e, { model: 'tools', messages: [user('x')], tools })).choices[0].finish_reason).toBe('tool_calls');
  });

  it('scripted toolCalls are made when tools are offered; after tool results the model answers with text', () => {
    const e = engine({
      models: {
        agent: {
          toolCalls: [
            { name: 'get_weather', arguments: { city: 'Oslo' } },
            { name: 'other', arguments: '{}' },
          ],
          reply: 'It is sunny.',
        },
      },
    });
    const first = json(post(e, { model: 'agent', messages: [user('weather?')], tools }));
    const calls = first.choices[0].message.tool_calls;
    expect(calls.map((c: any) => [c.function.name, c.function.arguments])).toEqual([
      ['get_weather', '{"city":"Oslo"}'],
      ['other', '{}'],
    ]);
    expect(new Set(calls.map((c: any) => c.id)).size).toBe(2);
    const followUp = [
      user('weather?'),
      first.choices[0].message,
      { role: 'tool', tool_call_id: calls[0].id, content: 'sunny' },
      { role: 'tool', tool_call_id: calls[1].id, content: 'n/a' },
    ];
    expect(json(post(e, { model: 'agent', messages: followUp, tools })).choices[0]).toMatchObject({
      message: { content: 'It is sunny.' },
      finish_reason: 'stop',
    });
    expect(json(post(e, { model: 'echo+tools', messages: followUp, tools })).choices[0].message.content).toBe('sunny\nn/a');
  });

  it('streams a tool call like OpenAI: the first call opens in the role delta, arguments follow in pieces', () => {
    const evts = events(post(engine(), { model: 'echo', messages: [user('Rome')], tools, tool_choice: 'required', stream: true }));
    expect(evts[0].choices[0].delta).toMatchObject({
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } }],
    });
    const args = evts
      .slice(1)
      .filter((c) => c !== '[DONE]' && c.choices[0]?.delta.tool_calls)
      .map((c) => c.choices[0].delta.tool_calls[0].function.arguments)
      .join('');
    expect(JSON.parse(args)).toEqual({ city: 'Rome', days: 1, unit: 'c' });
    expect(evts.at(-2).choices[0].finish_reason).toBe('tool_calls');
  });
});
