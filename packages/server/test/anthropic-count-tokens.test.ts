import { describe, expect, it } from 'vitest';
import { countTokensEstimate, estimateTextTokens } from '../src/anthropic/count-tokens.js';
import { parseCountTokensRequest } from '../src/anthropic/messages-request-schema.js';

describe('countTokensEstimate', () => {
  it('~4 ASCII characters per token, 1 per other character', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcdefgh')).toBe(2);
    expect(estimateTextTokens('日本語')).toBe(3);
  });

  it('answers { input_tokens } over system, messages, images and tools', () => {
    const small = countTokensEstimate(parseCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'Hello, world' }] }));
    expect(small).toEqual({ input_tokens: 3 + 4 });
    const big = countTokensEstimate(
      parseCountTokensRequest({
        model: 'm',
        system: 'You are a helpful assistant.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            ],
          },
        ],
        tools: [{ name: 'f', input_schema: { type: 'object' } }],
      }),
    );
    expect(big.input_tokens).toBeGreaterThan(1600 + 7 + 4);
  });

  it('is in the right range for English prose (the real tokenizer gives ~1 token per 4-5 characters)', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
    const { input_tokens } = countTokensEstimate(parseCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: text }] }));
    expect(input_tokens).toBeGreaterThan(900);
    expect(input_tokens).toBeLessThan(1300);
  });
});
