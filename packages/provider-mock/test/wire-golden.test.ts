/** Regression guard for the mock's exact wire bytes, which the testkit and the benchmark rely on. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engine, post, user } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const bytes = (frames: string[]) => frames.join('').replace(/"created":\d+/g, '"created":0');

describe('mock wire bytes', () => {
  it('an echo stream with include_usage matches the golden OpenAI-shaped SSE', () => {
    const ex = post(engine(), {
      model: 'echo',
      messages: [user('Hello mock world')],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(bytes(ex.frames)).toBe(fixture('echo-include-usage.chunks.txt'));
  });

  it('a forced tool call stream matches the golden OpenAI-shaped SSE', () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      },
    ];
    const ex = post(engine(), { model: 'echo', messages: [user('Oslo')], stream: true, tools, tool_choice: 'required' });
    expect(bytes(ex.frames)).toBe(fixture('tool-call.chunks.txt'));
  });
});
