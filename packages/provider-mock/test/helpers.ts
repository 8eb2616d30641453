/** Test helpers: drive the engine directly and decode its SSE bytes with core's decoder. */
import { createSseDecoder, type StreamPart, type UpstreamCall } from '@switchyard/core';
import {
  createMockEngine,
  type MockExchange,
  type MockOptions,
  type MockOptionsInput,
  MockOptionsSchema,
  mockProvider,
} from '../src/index.js';

export function engine(options: MockOptionsInput = {}) {
  return createMockEngine(MockOptionsSchema.parse(options));
}

export function post(
  e: ReturnType<typeof engine>,
  body: object,
  path = '/v1/chat/completions',
  headers: Record<string, string> = {},
): MockExchange {
  return e.handle('POST', path, JSON.stringify(body), headers);
}

export function json(ex: MockExchange): any {
  return JSON.parse(ex.frames.join(''));
}

/** The `data:` payloads of a streamed answer, parsed (`[DONE]` kept as a string). */
export function events(ex: MockExchange): any[] {
  const decoder = createSseDecoder();
  const out: any[] = [];
  for (const f of ex.frames)
    for (const e of decoder.push(new TextEncoder().encode(f))) out.push(e.data === '[DONE]' ? '[DONE]' : JSON.parse(e.data));
  return out;
}

/** Decodes the answer's bytes through mockProvider's own stream transforms, as core does. */
export function parts(ex: MockExchange, model = 'echo'): StreamPart[] {
  const call: UpstreamCall<MockOptions> = { provider: 'm', model, options: MockOptionsSchema.parse({}), stream: true };
  const state = mockProvider.createStreamState(call);
  const decoder = createSseDecoder();
  const out: StreamPart[] = [];
  for (const f of ex.frames) for (const e of decoder.push(new TextEncoder().encode(f))) out.push(...mockProvider.fromStreamEvent(e, state));
  return out.concat(mockProvider.endStream!(state));
}

export const user = (content: string) => ({ role: 'user', content });
