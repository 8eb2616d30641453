// A fake OpenAI upstream that streams a reply in pieces the test chooses, byte-for-byte in OpenAI's
// SSE shape (role delta first, content deltas, a finish delta, the include_usage chunk with
// `choices: []`, then `data: [DONE]`), so a placeholder can be split across chunks at any position.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FakeUpstream, startFakeUpstream } from '@switchyard/testkit';

export interface PiecedUpstream extends FakeUpstream {
  /** The pieces of the next streamed reply; `fromRequest` builds them from the masked request. */
  pieces(fn: (maskedUserText: string) => string[]): void;
}

function lastUserText(body: any): string {
  const last = [...(body?.messages ?? [])].reverse().find((m: any) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}

export async function startPiecedOpenAI(): Promise<PiecedUpstream> {
  let split: (text: string) => string[] = (t) => [t];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const c of req) raw += c;
    const body = JSON.parse(raw);
    const pieces = split(lastUserText(body));
    const id = 'chatcmpl-test';
    const created = 1_700_000_000;
    const chunk = (choices: unknown[], extra = '') =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_test', choices })}${extra}\n\n`;
    if (!body.stream) {
      const message = { role: 'assistant', content: pieces.join(''), refusal: null };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length },
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]));
    for (const p of pieces) res.write(chunk([{ index: 0, delta: { content: p }, logprobs: null, finish_reason: null }]));
    res.write(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
    if (body.stream_options?.include_usage) {
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length } })}\n\n`,
      );
    }
    res.end('data: [DONE]\n\n');
  };
  const up = await startFakeUpstream({ handler: (req, res) => void handler(req, res) });
  return Object.assign(up, {
    pieces(fn: (text: string) => string[]) {
      split = fn;
    },
  });
}
