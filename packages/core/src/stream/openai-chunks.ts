/** @module Stream parts -> OpenAI `chat.completion.chunk` objects, and a cached response -> parts. */
import type { ChatChunk, ChatResponse, ChunkDelta } from '../schema/chat-response.js';
import type { StreamPart } from '../schema/stream-part.js';

export interface ChunkEncoderOptions {
  /** The `model` reported to the client. */
  model: string;
  id: string;
  created: number;
  /** `stream_options.include_usage`: a last chunk with `choices: []` and the usage. */
  includeUsage: boolean;
}

/**
 * Encodes parts as OpenAI chunks. Stateful per stream: sends `role` on a choice's first delta, and
 * holds usage until the end (OpenAI sends it in its own last chunk).
 */
export class ChunkEncoder {
  private readonly started = new Set<number>();
  private usage: ChatChunk['usage'];
  private id: string;
  private model: string;
  private readonly created: number;

  constructor(private readonly opts: ChunkEncoderOptions) {
    this.id = opts.id;
    this.model = opts.model;
    this.created = opts.created;
  }

  private chunk(choice: number, delta: ChunkDelta, finish: ChatChunk['choices'][0]['finish_reason'] = null): ChatChunk {
    if (!this.started.has(choice)) {
      this.started.add(choice);
      delta = { role: 'assistant', ...delta };
    }
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: choice, delta, finish_reason: finish }],
    };
  }

  /** Returns the chunk for a part, or null for parts that produce none (start, usage). */
  encode(part: StreamPart): ChatChunk | null {
    switch (part.type) {
      case 'start':
        if (part.id) this.id = part.id;
        return null;
      case 'text':
        return this.chunk(part.choice, { content: part.delta });
      case 'reasoning':
        // Zero-length parts only carry provider extras (signatures); OpenAI clients get nothing.
        return part.delta ? this.chunk(part.choice, { reasoning_content: part.delta }) : null;
      case 'tool-call': {
        const call: NonNullable<ChunkDelta['tool_calls']>[0] = { index: part.index };
        if (part.id !== undefined) {
          call.id = part.id;
          call.type = 'function';
        }
        call.function = part.name !== undefined ? { name: part.name, arguments: part.arguments } : { arguments: part.arguments };
        if (part.extra) Object.assign(call, part.extra);
        return this.chunk(part.choice, { tool_calls: [call] });
      }
      case 'finish':
        return this.chunk(part.choice, {}, part.reason);
      case 'usage':
        // OpenAI sends usage in its own last chunk: held for usageChunk().
        this.usage = part.usage;
        return null;
      case 'error':
      case 'raw':
        return null;
    }
  }

  /** One part as SSE text ('' when it produces no chunk); pass-through chunks go out verbatim. */
  sse(part: StreamPart): string {
    if (part.type === 'raw') return `data: ${part.data}\n\n`;
    const chunk = this.encode(part);
    return chunk ? `data: ${JSON.stringify(chunk)}\n\n` : '';
  }

  /** The final usage chunk (`choices: []`), when include_usage was asked for and usage was seen. */
  usageChunk(): ChatChunk | null {
    if (!this.opts.includeUsage || !this.usage) return null;
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: this.usage };
  }
}

/** Replays a complete response (e.g. a cache hit) as stream parts. */
export function responseToParts(res: ChatResponse): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'start', id: res.id, model: res.model, created: res.created }];
  for (const c of res.choices) {
    const m = c.message;
    if (typeof m.reasoning_content === 'string' && m.reasoning_content) {
      parts.push({ type: 'reasoning', choice: c.index, delta: m.reasoning_content });
    }
    if (typeof m.content === 'string' && m.content) parts.push({ type: 'text', choice: c.index, delta: m.content });
    m.tool_calls?.forEach((tc, index) => {
      const { id, type: _t, function: fn, ...extra } = tc;
      parts.push({
        type: 'tool-call',
        choice: c.index,
        index,
        id,
        name: fn.name,
        arguments: fn.arguments,
        ...(Object.keys(extra).length ? { extra } : {}),
      });
    });
    parts.push({ type: 'finish', choice: c.index, reason: c.finish_reason ?? 'stop' });
  }
  if (res.usage) parts.push({ type: 'usage', usage: res.usage });
  return parts;
}
