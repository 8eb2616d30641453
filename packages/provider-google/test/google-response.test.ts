import { SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { googleProvider } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

const call = makeCall();

describe('fromUpstream', () => {
  it('maps a text response: content, STOP -> stop, usage with thoughts counted as completion', () => {
    const res = googleProvider.fromUpstream(fixtureJson('text.json'), call);
    expect(res).toMatchObject({
      id: 'chatcmpl-kB9DaeK0IPXz1e8PoNa8sQ4',
      object: 'chat.completion',
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 8, completion_tokens: 28, total_tokens: 36, completion_tokens_details: { reasoning_tokens: 21 } },
    });
    expect(res.choices[0]?.message).not.toHaveProperty('tool_calls');
    expect(typeof res.created).toBe('number');
  });

  it('maps thought parts to reasoning_content and cached tokens to prompt_tokens_details', () => {
    const res = googleProvider.fromUpstream(fixtureJson('thinking.json'), call);
    expect(res.model).toBe('gemini-2.5-pro');
    expect(res.choices[0]?.message).toEqual({
      role: 'assistant',
      content: '9.9 is larger than 9.11.',
      reasoning_content: '**Comparing decimals**\n\nAligning the decimals gives 9.90 and 9.11, so 9.90 is larger.',
    });
    expect(res.usage).toEqual({
      prompt_tokens: 2069,
      completion_tokens: 121,
      total_tokens: 2190,
      prompt_tokens_details: { cached_tokens: 2048 },
      completion_tokens_details: { reasoning_tokens: 112 },
    });
  });

  it('maps parallel function calls to tool_calls with stable generated ids and finish_reason tool_calls despite STOP', () => {
    const body = fixtureJson('function-call.json');
    const res = googleProvider.fromUpstream(body, call);
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const calls = choice.message.tool_calls!;
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      extra_content: { google: { thought_signature: 'CiQBVKhc7bLy1fh2ZXJ5LW9wYXF1ZS1zaWduYXR1cmUtMDAxEkIKQAFUqFzt' } },
    });
    expect(calls[1]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"London","unit":"celsius"}' },
    });
    expect(calls[1]).not.toHaveProperty('extra_content');
    for (const c of calls) expect(c.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    // Deterministic: the same response yields the same ids.
    expect(googleProvider.fromUpstream(body, call).choices[0]!.message.tool_calls!.map((c) => c.id)).toEqual(calls.map((c) => c.id));
    // Another response with the same calls gets other ids, so ids stay unique across a conversation.
    const other = googleProvider.fromUpstream({ ...body, responseId: 'another' }, call);
    expect(other.choices[0]!.message.tool_calls![0]!.id).not.toBe(calls[0]!.id);
  });

  it('uses a function call id when Gemini sends one', () => {
    const res = googleProvider.fromUpstream(
      {
        candidates: [{ content: { role: 'model', parts: [{ functionCall: { id: 'fc-7', name: 'f', args: {} } }] }, finishReason: 'STOP' }],
      },
      call,
    );
    expect(res.choices[0]!.message.tool_calls![0]!.id).toBe('fc-7');
  });

  it('returns JSON mode text unchanged', () => {
    const res = googleProvider.fromUpstream(fixtureJson('json-mode.json'), call);
    expect(JSON.parse(res.choices[0]!.message.content!)).toEqual({ name: 'Ada Lovelace', born: 1815 });
  });

  it('maps a blocked prompt (promptFeedback.blockReason, no candidates) to content_filter', () => {
    const res = googleProvider.fromUpstream(fixtureJson('safety-prompt-blocked.json'), call);
    expect(res.choices).toEqual([{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter' }]);
    expect(res.usage).toEqual({ prompt_tokens: 12, completion_tokens: 0, total_tokens: 12 });
  });

  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['IMAGE_SAFETY', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'stop'],
    ['OTHER', 'stop'],
    ['LANGUAGE', 'stop'],
    ['FINISH_REASON_UNSPECIFIED', 'stop'],
  ])('maps finishReason %s to %s', (reason, expected) => {
    const res = googleProvider.fromUpstream(
      { candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason: reason }] },
      call,
    );
    expect(res.choices[0]!.finish_reason).toBe(expected);
  });

  it('keeps candidates apart as choices (candidateCount / n)', () => {
    const res = googleProvider.fromUpstream(
      {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'B' }] }, finishReason: 'STOP', index: 1 },
          { content: { role: 'model', parts: [{ text: 'A' }] }, finishReason: 'MAX_TOKENS', index: 0 },
        ],
      },
      call,
    );
    expect(res.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'A', 'length'],
      [1, 'B', 'stop'],
    ]);
    const unindexed = googleProvider.fromUpstream(
      { candidates: [{ content: { parts: [{ text: 'A' }] } }, { content: { parts: [{ text: 'B' }] } }] },
      call,
    );
    expect(unindexed.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'A'],
      [1, 'B'],
    ]);
  });

  it('falls back to the configured model and a generated id when Gemini omits them', () => {
    const res = googleProvider.fromUpstream({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP' }] }, call);
    expect(res.model).toBe('gemini-2.5-flash');
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res).not.toHaveProperty('usage');
  });

  it('refuses a body that is not a JSON object', () => {
    expect(() => googleProvider.fromUpstream('oops', call)).toThrowError(SwitchyardError);
  });
});
