import type { ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { googleProvider } from '../src/index.js';
import { fixtureJson, makeCall, upstreamBody } from './helpers.js';

const tools: ChatRequest['tools'] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city'],
        additionalProperties: false,
      },
    },
  },
];

describe('function calling round trip', () => {
  it('replays the assistant tool calls with their thought signature and matches results by name (function-response fixture)', () => {
    const call = makeCall({ model: 'gemini-3-pro-preview' });
    const first = googleProvider.fromUpstream(fixtureJson('function-call.json'), call);
    const assistant = first.choices[0]!.message;
    const [paris, london] = assistant.tool_calls!;
    // What a client sends back: the assistant message as received (JSON round trip), then the results.
    const replayed = JSON.parse(JSON.stringify(assistant));
    const followUp: ChatRequest = {
      model: 'gem',
      tools,
      tool_choice: 'auto',
      messages: [
        { role: 'system', content: 'You are a weather assistant.' },
        { role: 'user', content: "What's the weather in Paris and London?" },
        replayed,
        { role: 'tool', tool_call_id: paris!.id, content: '{"temp_c": 18, "conditions": "sunny"}' },
        { role: 'tool', tool_call_id: london!.id, content: 'Rain, 14°C' },
      ],
    };
    expect(upstreamBody(followUp, call)).toEqual(fixtureJson('function-response.request.json'));
  });

  it('replays the same signature when the calls were streamed', () => {
    const call = makeCall({ model: 'gemini-3-pro-preview', stream: true });
    const state = googleProvider.createStreamState(call);
    const events = fixtureJson('function-call.json');
    const parts = googleProvider.fromStreamEvent({ data: JSON.stringify(events) }, state);
    const toolCalls = parts
      .filter((p) => p.type === 'tool-call')
      .map((p) => ({ id: p.id!, type: 'function' as const, function: { name: p.name!, arguments: p.arguments }, ...p.extra }));
    const body = upstreamBody({
      model: 'gem',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: toolCalls },
        { role: 'tool', tool_call_id: toolCalls[0]!.id, content: 'sunny' },
        { role: 'tool', tool_call_id: toolCalls[1]!.id, content: 'rain' },
      ],
    });
    expect(body.contents[1].parts[0].thoughtSignature).toBe('CiQBVKhc7bLy1fh2ZXJ5LW9wYXF1ZS1zaWduYXR1cmUtMDAxEkIKQAFUqFzt');
    expect(body.contents[1].parts[1]).not.toHaveProperty('thoughtSignature');
    expect(body.contents[2].parts.map((p: any) => p.functionResponse.response)).toEqual([{ result: 'sunny' }, { result: 'rain' }]);
  });
});
