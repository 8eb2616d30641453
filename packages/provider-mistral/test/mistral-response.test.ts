import { describe, expect, it } from 'vitest';
import { mistralProvider } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

const call = makeCall();

describe('mistral non-streaming responses', () => {
  it('text: content, finish reason and usage; Mistral-only message fields do not leak', () => {
    const res = mistralProvider.fromUpstream(fixtureJson('mistral-text.json'), call);
    expect(res).toMatchObject({
      id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
      object: 'chat.completion',
      model: 'mistral-small-latest',
      created: 1760000400,
      usage: { prompt_tokens: 16, completion_tokens: 10, total_tokens: 26 },
    });
    expect(res.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Paris is the capital of France.' }, finish_reason: 'stop' },
    ]);
  });

  it('tool calls keep Mistral ids and lose the index field', () => {
    const res = mistralProvider.fromUpstream(fixtureJson('mistral-tool-calls.json'), call);
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(res.choices[0]!.message.tool_calls).toEqual([
      { id: 'D681PevKs', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
    ]);
  });

  it('magistral chunk-list content becomes content plus reasoning_content; references are dropped', () => {
    const res = mistralProvider.fromUpstream(fixtureJson('magistral-thinking.json'), call);
    expect(res.choices[0]!.message).toEqual({
      role: 'assistant',
      content: '2 + 2 = 4.',
      reasoning_content: '2 + 2 is basic arithmetic. The answer is 4.',
    });
  });

  it("maps Mistral's model_length finish reason to length", () => {
    expect(mistralProvider.fromUpstream(fixtureJson('mistral-length.json'), call).choices[0]!.finish_reason).toBe('length');
  });
});
