/** @module Fixture loading and replay through the openai-compatible provider's pure transforms. */
import type { ChatRequest, StreamPart, UpstreamCall } from '@switchyard/core';
import { fixtures, replayStream } from '@switchyard/testkit';
import { openaiCompatibleProvider, type SelfHostedOptions, type SelfHostedOptionsInput, SelfHostedOptionsSchema } from '../src/index.js';

const fx = fixtures(import.meta.url);

export const fixtureText = fx.text;
export const fixtureJson = fx.json;

export function makeCall(
  overrides: Partial<Omit<UpstreamCall<SelfHostedOptions>, 'options'>> & { options?: Partial<SelfHostedOptionsInput> } = {},
): UpstreamCall<SelfHostedOptions> {
  const { options, ...rest } = overrides;
  return {
    provider: 'local',
    model: 'llama3.2',
    stream: false,
    ...rest,
    options: SelfHostedOptionsSchema.parse({ baseUrl: 'http://127.0.0.1:11434/v1', ...options }),
  };
}

/** Replays a recorded `*.chunks.txt` through core's SSE decoder in `pieceSize`-byte pieces, as core's pipeline does. */
export function replayChunks(name: string, options: Partial<SelfHostedOptionsInput> = {}, pieceSize = 19): StreamPart[] {
  return replayStream(openaiCompatibleProvider, fx.bytes(name), makeCall({ stream: true, options }), pieceSize);
}

export function upstreamBody(req: ChatRequest, call = makeCall()): any {
  return JSON.parse(openaiCompatibleProvider.toUpstream(req, call).body as string);
}

export { assembleParts as assemble, partsText as textOf } from '@switchyard/testkit';
