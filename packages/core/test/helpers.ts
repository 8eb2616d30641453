// A minimal in-process provider for core's own tests (core cannot depend on provider packages).
import { z } from 'zod';
import { defineProvider, type ProviderDefinition, type StreamPart, type UpstreamRequest, type UpstreamResponse } from '../src/index.js';

export interface EchoBehaviour {
  status?: number;
  fail?: 'throw';
  chunks?: string[];
  delayMs?: number;
}

async function* bytes(parts: string[], delayMs: number, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for (const p of parts) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (signal.aborted) throw signal.reason ?? new Error('aborted');
    yield Buffer.from(p);
  }
}

/** Echo provider: replies with the last user message; behaviour per model name from `script`. */
export function echoProvider(script: Record<string, EchoBehaviour[]> = {}): ProviderDefinition & { calls: string[] } {
  const calls: string[] = [];
  const def = defineProvider({
    type: 'echo',
    options: z.object({}).loose(),
    capabilities: { chat: true, stream: true, tools: false, vision: false, json: true, embeddings: false },
    toUpstream(req, call): UpstreamRequest {
      const last = req.messages.at(-1);
      return {
        url: `http://echo.invalid/${call.model}`,
        method: 'POST',
        headers: {},
        body: JSON.stringify({ text: last?.content, stream: call.stream }),
      };
    },
    fromUpstream(body: any, call) {
      const usage = call.model.includes('nousage') ? undefined : { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
      return {
        id: 'r1',
        object: 'chat.completion' as const,
        created: 1,
        model: call.model,
        choices: [{ index: 0, message: { role: 'assistant' as const, content: body.text }, finish_reason: 'stop' as const }],
        ...(usage ? { usage } : {}),
      };
    },
    fromStreamEvent(evt): StreamPart[] {
      if (evt.data === '[DONE]') return [];
      return [{ type: 'text', choice: 0, delta: evt.data }];
    },
    createStreamState: (call: { model: string }) => ({ noUsage: call.model.includes('nousage') }),
    endStream: (state: { noUsage: boolean }): StreamPart[] =>
      state.noUsage
        ? [{ type: 'finish', choice: 0, reason: 'stop' }]
        : [
            { type: 'finish', choice: 0, reason: 'stop' },
            { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
          ],
    mapError: (status) => ({ message: `status ${status}`, retryable: status >= 500 || status === 429 }),
    async transport(req, signal): Promise<UpstreamResponse> {
      const model = req.url.split('/').at(-1) ?? '';
      calls.push(model);
      const queue = script[model];
      const b = queue && queue.length > 1 ? (queue.shift() as EchoBehaviour) : (queue?.[0] ?? {});
      if (b.fail === 'throw') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const body = JSON.parse(req.body ?? '{}');
      if (b.status && b.status >= 300) {
        return { status: b.status, headers: {}, body: bytes([JSON.stringify({ error: 'x' })], 0, signal) };
      }
      if (body.stream) {
        const chunks = b.chunks ?? ['a', 'b', 'c'];
        return {
          status: 200,
          headers: {},
          body: bytes([...chunks.map((c) => `data: ${c}\n\n`), 'data: [DONE]\n\n'], b.delayMs ?? 0, signal),
        };
      }
      return { status: 200, headers: {}, body: bytes([JSON.stringify({ text: body.text })], b.delayMs ?? 0, signal) };
    },
  });
  return { ...def, calls };
}

export const userMsg = (text: string) => ({ model: 'm', messages: [{ role: 'user' as const, content: text }] });
