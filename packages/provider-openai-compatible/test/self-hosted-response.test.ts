import { describe, expect, it } from 'vitest';
import { isOddToolCallId, openaiCompatibleProvider, splitThinkTags, ThinkTagSplitter } from '../src/index.js';
import { fixtureJson, makeCall } from './helpers.js';

describe('openai-compatible non-streaming responses', () => {
  it('tgi: "0" ids become stable unique ids, object arguments a JSON string, description and stop fixed', () => {
    const call = makeCall({ options: { server: 'tgi' } });
    const res = openaiCompatibleProvider.fromUpstream(fixtureJson('tgi-tool-call.json'), call);
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const [tc] = choice.message.tool_calls!;
    expect(tc).toEqual({
      id: expect.stringMatching(/^call_[A-Za-z0-9_-]{24}$/),
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    // Stable: the same body always yields the same id; a different turn yields another.
    expect(openaiCompatibleProvider.fromUpstream(fixtureJson('tgi-tool-call.json'), call).choices[0]!.message.tool_calls![0]!.id).toBe(
      tc!.id,
    );
    const later = fixtureJson('tgi-tool-call.json');
    later.created += 30;
    expect(openaiCompatibleProvider.fromUpstream(later, call).choices[0]!.message.tool_calls![0]!.id).not.toBe(tc!.id);
    expect(res.usage).toEqual({ prompt_tokens: 310, completion_tokens: 24, total_tokens: 334 });
  });

  it('lmstudio: a numeric id passes, an empty one is replaced', () => {
    const res = openaiCompatibleProvider.fromUpstream(fixtureJson('lmstudio-empty-id.json'), makeCall({ options: { server: 'lmstudio' } }));
    const ids = res.choices[0]!.message.tool_calls!.map((t) => t.id);
    expect(ids[0]).toBe('193629320');
    expect(ids[1]).toMatch(/^call_/);
  });

  it('missing usage stays missing: the provider never invents counts', () => {
    const body = fixtureJson('think-tags.json');
    delete body.usage;
    expect(openaiCompatibleProvider.fromUpstream(body, makeCall())).not.toHaveProperty('usage');
  });

  it('thinkTags moves <think> blocks to reasoning_content; off by default', () => {
    const off = openaiCompatibleProvider.fromUpstream(fixtureJson('think-tags.json'), makeCall());
    expect(off.choices[0]!.message.content).toContain('<think>');
    const on = openaiCompatibleProvider.fromUpstream(fixtureJson('think-tags.json'), makeCall({ options: { thinkTags: true } }));
    expect(on.choices[0]!.message).toEqual({
      role: 'assistant',
      content: '2 + 2 = 4.',
      reasoning_content: '\nThe user asks for 2+2. That is 4.\n',
    });
  });
});

describe('think-tag splitting', () => {
  it('handles tags cut at every position', () => {
    const text = 'a<think>b</think>\n\nc <d> e<';
    for (let cut = 0; cut <= text.length; cut++) {
      const s = new ThinkTagSplitter();
      const segs = s.flush(s.push(text.slice(cut), s.push(text.slice(0, cut))));
      const reasoning = segs
        .filter((x) => x.reasoning)
        .map((x) => x.text)
        .join('');
      const visible = segs
        .filter((x) => !x.reasoning)
        .map((x) => x.text)
        .join('');
      expect([cut, reasoning, visible]).toEqual([cut, 'b', 'ac <d> e<']);
    }
  });

  it('splitThinkTags on whole strings', () => {
    expect(splitThinkTags('no tags')).toEqual({ content: 'no tags', reasoning: '' });
    expect(splitThinkTags('<think>x</think>y')).toEqual({ content: 'y', reasoning: 'x' });
  });

  it('odd ids', () => {
    for (const id of [undefined, '', '0', 'null', 'None', '  ']) expect(isOddToolCallId(id)).toBe(true);
    for (const id of ['193629320', 'call_k2x9wq1m', 'chatcmpl-tool-8c1e2f3a']) expect(isOddToolCallId(id)).toBe(false);
  });
});
