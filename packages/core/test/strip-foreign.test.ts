import { describe, expect, it } from 'vitest';
import { buildChatBody } from '../src/index.js';

describe('Anthropic extensions never reach OpenAI-compatible upstreams', () => {
  it('strips cache_control, thinking blocks, is_error, thinking and anthropic_extra, copying only what changes', () => {
    const untouched = { role: 'user', content: 'plain' };
    const req: any = {
      model: 'alias',
      thinking: { type: 'enabled', budget_tokens: 1024 },
      anthropic_extra: { context_management: {} },
      top_k: 5,
      messages: [
        untouched,
        { role: 'user', content: [{ type: 'text', text: 'cached', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: 'x', thinking_blocks: [{ type: 'thinking', thinking: 't', signature: 's' }] },
        { role: 'tool', tool_call_id: 'c1', content: 'err', is_error: true },
      ],
      tools: [{ type: 'function', function: { name: 'f' }, cache_control: { type: 'ephemeral' } }],
    };
    const body = buildChatBody(req, { model: 'gpt', stream: false, streamUsage: true });
    expect(body).not.toHaveProperty('thinking');
    expect(body).not.toHaveProperty('anthropic_extra');
    expect(body.top_k).toBe(5);
    const msgs = body.messages as any[];
    expect(msgs[0]).toBe(untouched);
    expect(msgs[1].content[0]).toEqual({ type: 'text', text: 'cached' });
    expect(msgs[2]).toEqual({ role: 'assistant', content: 'x' });
    expect(msgs[3]).toEqual({ role: 'tool', tool_call_id: 'c1', content: 'err' });
    expect((body.tools as any[])[0]).toEqual({ type: 'function', function: { name: 'f' } });
    // The caller's request object is not mutated.
    expect(req.messages[1].content[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(req.thinking).toBeDefined();
  });
});
