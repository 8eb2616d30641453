// An OpenAI-shaped provider whose in-process transport answers exactly as scripted per call: status,
// headers, body frames with gaps, or never. Core's own tests cannot use testkit (it depends on core).
import { z } from 'zod';
import {
  createOpenAICompatibleProvider,
  OpenAICompatibleOptionsSchema,
  type ProviderDefinition,
  type UpstreamRequest,
} from '../src/index.js';

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** Body pieces, sent in order. */
  frames?: string[];
  /** Delay before each frame after the first. */
  gapMs?: number;
  /** Delay before the headers. */
  headersAfterMs?: number;
  /** Never answer, or never end the body after the frames. */
  hang?: 'headers' | 'body';
  /** After the frames, repeat this frame every `gapMs` until aborted (keep-alive comments). */
  repeat?: string;
}

export const SSE = { 'content-type': 'text/event-stream' };
export const JSON_TYPE = { 'content-type': 'application/json' };

export function chunk(content: string, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;
}

export const completion = (content: string) =>
  JSON.stringify({
    id: 'r1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function* body(a: Answer, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const frames = a.frames ?? [];
  for (let i = 0; i < frames.length; i++) {
    if (i > 0 && a.gapMs) await abortable(a.gapMs, signal);
    yield Buffer.from(frames[i] as string);
  }
  if (a.repeat !== undefined) {
    for (;;) {
      await abortable(a.gapMs ?? 10, signal);
      yield Buffer.from(a.repeat);
    }
  }
  if (a.hang === 'body') await abortable(2 ** 30, signal);
}

export type Script = (n: number, req: UpstreamRequest) => Answer;

/** `type: scripted`; `calls` records every request the transport received. */
export function scriptedProvider(script: Script, type = 'scripted'): ProviderDefinition & { calls: UpstreamRequest[] } {
  const calls: UpstreamRequest[] = [];
  const def = createOpenAICompatibleProvider({
    type,
    options: OpenAICompatibleOptionsSchema.extend({ baseUrl: z.url().default('http://scripted.invalid/v1') }),
    async transport(req, signal) {
      const n = calls.length;
      calls.push(req);
      const a = script(n, req);
      if (a.hang === 'headers') await abortable(2 ** 30, signal);
      if (a.headersAfterMs) await abortable(a.headersAfterMs, signal);
      return { status: a.status ?? 200, headers: a.headers ?? {}, body: body(a, signal) };
    },
  });
  return { ...def, calls };
}
