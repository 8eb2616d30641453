/** @module Part batches -> OpenAI `chat.completion.chunk` objects, for the in-process `chatStream`. */
import type { RequestContext } from '../context.js';
import type { PartStream } from '../pipeline/part-stream.js';
import type { ChatChunk } from '../schema/chat-response.js';
import { ChunkEncoder } from './openai-chunks.js';

/** Yields chunks; an error part throws; the usage chunk comes last when asked for. Always releases the stream. */
export async function* chatChunks(
  stream: PartStream,
  ctx: RequestContext,
  model: string,
  includeUsage: boolean,
): AsyncGenerator<ChatChunk, void, undefined> {
  const enc = new ChunkEncoder({
    id: `chatcmpl-${ctx.id}`,
    model: ctx.upstreamModel ?? model,
    created: Math.floor(Date.now() / 1000),
    includeUsage,
  });
  try {
    for await (const batch of stream) {
      for (const part of batch) {
        if (part.type === 'error') throw part.error;
        if (part.type === 'raw') {
          yield JSON.parse(part.data) as ChatChunk;
          continue;
        }
        const chunk = enc.encode(part);
        if (chunk) yield chunk;
      }
    }
    const last = enc.usageChunk();
    if (last) yield last;
  } finally {
    await stream.return();
  }
}
