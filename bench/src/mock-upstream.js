// The bench's OpenAI upstream: @switchyard/provider-mock's node:http handler scripted with the bench reply, no delays.
import { createMockUpstreamHandler } from '@switchyard/provider-mock';
import { BENCH_MODEL, REPLY, STREAM_CHUNKS, UPSTREAM_MODEL } from './wire.js';

// The thin proxy forwards the body as sent (model `bench`); the gateway asks for the upstream model (`gpt-bench`).
const SCRIPT = { reply: REPLY, chunks: STREAM_CHUNKS };

/**
 * Serves `POST /v1/chat/completions` with a fixed chat.completion, or with `stream: true` an SSE stream of a role
 * chunk, 20 content chunks, a finish chunk, a usage chunk (with `stream_options.include_usage`) and `data: [DONE]`,
 * written in one piece. Replies to repeated bodies come from the mock's short cache, so the upstream stays cheap.
 */
export function createBenchUpstreamHandler() {
  return createMockUpstreamHandler({ models: { [BENCH_MODEL]: SCRIPT, [UPSTREAM_MODEL]: SCRIPT } });
}
