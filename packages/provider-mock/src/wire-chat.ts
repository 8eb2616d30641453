/**
 * @module A MockReply as OpenAI Chat Completions wire bytes: one `chat.completion` JSON, or SSE
 * `data:` events shaped exactly like OpenAI's (role delta first, content deltas, a finish delta, the
 * `include_usage` chunk with `choices: []`, then `data: [DONE]`). Chunks are assembled from a
 * prebuilt prefix and suffix so a 20-chunk stream costs a few string concatenations.
 */
import type { MockBehaviour } from './behaviour.js';
import type { MockExchange } from './exchange.js';
import type { MockReply } from './reply.js';
import { errorJson } from './wire-errors.js';
import { countWords, evenPieces, wordPieces } from './words.js';

export interface ReplyIdentity {
  id: string;
  model: string;
  created: number;
}

const J = JSON.stringify;
const ARG_PIECES = 3;

export function chatCompletionJson(r: MockReply, who: ReplyIdentity, withUsage: boolean): string {
  const message: Record<string, unknown> = { role: 'assistant', content: r.toolCalls.length ? null : r.text, refusal: null };
  if (r.reasoning) message.reasoning_content = r.reasoning;
  if (r.toolCalls.length) {
    message.tool_calls = r.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  const res: Record<string, unknown> = {
    id: who.id,
    object: 'chat.completion',
    created: who.created,
    model: who.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: r.finishReason }],
  };
  if (withUsage) res.usage = r.usage;
  res.system_fingerprint = 'fp_mock';
  return J(res);
}

/**
 * Content chunks per streamed reply at most: one per word (the default) made a 5 MB echo over a
 * million frames, built at once, which held the event loop and a gigabyte of memory.
 */
export const MAX_STREAM_CHUNKS = 1024;

function pieces(text: string, chunks: number | undefined): string[] {
  if (chunks === undefined && countWords(text) <= MAX_STREAM_CHUNKS) return wordPieces(text);
  return evenPieces(text, Math.min(chunks ?? MAX_STREAM_CHUNKS, MAX_STREAM_CHUNKS));
}

export interface StreamFrames {
  frames: string[];
  /** True when the stream ends by dropping the connection. */
  drop: boolean;
}

/** SSE events for a reply; `includeUsage` mirrors the request's `stream_options.include_usage`. */
export function chatCompletionFrames(r: MockReply, who: ReplyIdentity, b: MockBehaviour, includeUsage: boolean): StreamFrames {
  // OpenAI puts `"usage": null` on every chunk once include_usage is on.
  const usageNull = includeUsage ? ',"usage":null' : '';
  const head = `data: {"id":${J(who.id)},"object":"chat.completion.chunk","created":${who.created},"model":${J(who.model)},"system_fingerprint":"fp_mock","choices":[{"index":0,"delta":`;
  const open = `,"logprobs":null,"finish_reason":null}]${usageNull}}\n\n`;
  const frame = (delta: string) => head + delta + open;

  const content: string[] = [];
  for (const p of pieces(r.reasoning, b.chunks)) content.push(frame(`{"reasoning_content":${J(p)}}`));
  for (const p of pieces(r.text, b.chunks)) content.push(frame(`{"content":${J(p)}}`));
  let role = frame(`{"role":"assistant","content":${r.toolCalls.length ? 'null' : '""'},"refusal":null}`);
  r.toolCalls.forEach((c, i) => {
    const start = `{"index":${i},"id":${J(c.id)},"type":"function","function":{"name":${J(c.name)},"arguments":""}}`;
    // OpenAI opens the first call in the role delta itself (nothing streams before it).
    if (i === 0 && content.length === 0) role = frame(`{"role":"assistant","content":null,"tool_calls":[${start}],"refusal":null}`);
    else content.push(frame(`{"tool_calls":[${start}]}`));
    for (const p of evenPieces(c.arguments, ARG_PIECES))
      content.push(frame(`{"tool_calls":[{"index":${i},"function":{"arguments":${J(p)}}}]}`));
  });

  const frames = [role];
  // A reply shorter than the cut still fails, just before its finish chunk.
  const drop = b.dropAfter ?? Number.POSITIVE_INFINITY;
  const fail = b.errorAfter ?? Number.POSITIVE_INFINITY;
  const cut = Math.min(drop, fail);
  for (let i = 0; i < content.length && i < cut; i++) frames.push(content[i] as string);
  if (b.dropAfter !== undefined && drop <= fail) return { frames, drop: true };
  if (b.errorAfter !== undefined) {
    frames.push(`data: ${errorJson('The server had an error while processing your request. Sorry about that!', 'server_error', null)}\n\n`);
    return { frames, drop: false };
  }
  frames.push(`${head}{},"logprobs":null,"finish_reason":${J(r.finishReason)}}]${usageNull}}\n\n`);
  if (includeUsage && b.usage) {
    frames.push(
      `data: {"id":${J(who.id)},"object":"chat.completion.chunk","created":${who.created},"model":${J(who.model)},"system_fingerprint":"fp_mock","choices":[],"usage":${J(r.usage)}}\n\n`,
    );
  }
  frames.push('data: [DONE]\n\n');
  return { frames, drop: false };
}

export function streamExchange(sf: StreamFrames, b: MockBehaviour): MockExchange {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    latencyMs: b.latencyMs,
    frames: sf.frames,
    chunkDelayMs: b.chunkDelayMs,
    drop: sf.drop,
    whole: undefined,
  };
}
