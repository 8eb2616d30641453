/**
 * @module A fake self-hosted OpenAI-compatible server on 127.0.0.1 that behaves like the real ones where
 * they differ from OpenAI:
 * - `ollama`: no auth; `max_tokens` limits the answer, `max_completion_tokens` is silently ignored;
 *   usage in a stream only with `stream_options.include_usage`; parallel tool calls reuse index 0;
 *   404 `{"error":{...}}` for a model that is not pulled.
 * - `vllm`: rejects unknown request fields with a 400 `{"object":"error"}` (strict request models);
 *   usage in a stream only when asked for; tool calls streamed in argument pieces.
 * - `tgi`: response id `""`, tool-call id `"0"` and arguments as an object; no usage in streams;
 *   `{"error","error_type"}` bodies; no embeddings route.
 * An `apiKey` makes it require `authorization: Bearer <key>`, as `vllm --api-key` does.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from './free-port.js';

export type Flavor = 'ollama' | 'vllm' | 'tgi';

export interface FakeServerRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeServerReply = { json: unknown; status?: number } | { raw: string; status: number; contentType?: string };

export interface FakeServer {
  readonly baseUrl: string;
  readonly requests: FakeServerRequest[];
  /** Replies served before anything else, first in first out. */
  queue(...replies: FakeServerReply[]): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  flavor: Flavor;
  /** Models the server has; others answer 404 like an unpulled Ollama model or an unknown vLLM model. */
  models: readonly string[];
  apiKey?: string;
}

/** vLLM's ChatCompletionRequest fields (the ones a gateway may send). */
const VLLM_FIELDS = new Set([
  'model',
  'messages',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'presence_penalty',
  'response_format',
  'seed',
  'stop',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'user',
  'reasoning_effort',
  'top_k',
  'min_p',
  'repetition_penalty',
  'input',
  'encoding_format',
  'dimensions',
]);

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c: any) => (c.type === 'text' ? c.text : c.type === 'image_url' ? '[image]' : '')).join('');
}

/** A four-dimensional vector that depends only on the text. */
export function fakeEmbedding(text: string): number[] {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return [text.length / 100, (h % 1000) / 1000, ((h >>> 10) % 1000) / 1000, ((h >>> 20) % 1000) / 1000];
}

function notFound(flavor: Flavor, model: string): FakeServerReply {
  if (flavor === 'ollama') {
    return {
      status: 404,
      json: { error: { message: `model "${model}" not found, try pulling it first`, type: 'api_error', param: null, code: null } },
    };
  }
  if (flavor === 'vllm')
    return {
      status: 404,
      json: { object: 'error', message: `The model \`${model}\` does not exist.`, type: 'NotFoundError', param: null, code: 404 },
    };
  return { status: 422, json: { error: `Model ${model} is not served here`, error_type: 'validation' } };
}

interface Answer {
  text: string;
  finish: string;
  calls: { name: string; args: Record<string, unknown> }[];
  prompt: number;
  completion: number;
}

/** Echoes the last user text; with tools, calls the first tool until a tool result arrives. */
function answer(flavor: Flavor, body: any): Answer {
  const last = body.messages.at(-1);
  const prompt = Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4));
  if (last?.role === 'tool') {
    const text = `Tool said: ${textOf(last.content)}`;
    return { text, finish: 'stop', calls: [], prompt, completion: text.split(' ').length };
  }
  if (body.tools?.length && body.tool_choice !== 'none') {
    const name = body.tools[0].function.name;
    const cities = flavor === 'ollama' ? ['Paris', 'Rome'] : ['Paris'];
    return {
      text: '',
      finish: flavor === 'tgi' ? 'stop' : 'tool_calls',
      calls: cities.map((city) => ({ name, args: { city } })),
      prompt,
      completion: 12,
    };
  }
  const user = [...body.messages].reverse().find((m: any) => m.role === 'user');
  let words = `You said: ${textOf(user?.content).trim()}`.split(' ');
  let finish = 'stop';
  // Ollama reads `max_tokens` only; `max_completion_tokens` is accepted and ignored.
  const limit = flavor === 'ollama' ? body.max_tokens : (body.max_completion_tokens ?? body.max_tokens);
  if (typeof limit === 'number' && words.length > limit) {
    words = words.slice(0, limit);
    finish = 'length';
  }
  return { text: words.join(' '), finish, calls: [], prompt, completion: words.length };
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const { flavor } = options;
  const requests: FakeServerRequest[] = [];
  const queued: FakeServerReply[] = [];
  let seq = 0;

  const toolCall = (c: Answer['calls'][number], i: number, n: number) =>
    flavor === 'tgi'
      ? { id: '0', type: 'function', function: { description: null, name: c.name, arguments: c.args } }
      : {
          id: flavor === 'ollama' ? `call_${(n * 7919 + i).toString(36).padStart(8, 'x')}` : `chatcmpl-tool-${n}${i}`.padEnd(46, '0'),
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.args) },
        };

  const chat = (body: any): { json?: unknown; events?: unknown[] } => {
    const n = ++seq;
    const a = answer(flavor, body);
    const id = flavor === 'tgi' ? '' : `chatcmpl-${n}`;
    // A counter, not the clock, so ids derived from responses are reproducible in tests.
    const created = 1760000000 + n;
    const usage = { prompt_tokens: a.prompt, completion_tokens: a.completion, total_tokens: a.prompt + a.completion };
    const calls = a.calls.map((c, i) => toolCall(c, i, n));
    if (!body.stream) {
      const message: Record<string, unknown> = { role: 'assistant', content: calls.length ? (flavor === 'tgi' ? undefined : '') : a.text };
      if (calls.length) message.tool_calls = calls;
      return {
        json: {
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [{ index: 0, message, finish_reason: a.finish }],
          usage,
        },
      };
    }
    const env = { id, object: 'chat.completion.chunk', created, model: body.model };
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      ...env,
      choices: [{ index: 0, delta: flavor === 'vllm' ? delta : { role: 'assistant', ...delta }, finish_reason: finish }],
    });
    const events: unknown[] = flavor === 'vllm' ? [chunk({ role: 'assistant', content: '' })] : [];
    for (const piece of a.text.match(/\S+\s*/g) ?? []) events.push(chunk({ content: piece }));
    calls.forEach((c: any, i) => {
      if (flavor === 'ollama') events.push(chunk({ content: '', tool_calls: [{ ...c, index: 0 }] }));
      else {
        const args = typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments);
        const head = flavor === 'tgi' ? { index: i, id: '', type: 'function' } : { index: i, id: c.id, type: 'function' };
        events.push(chunk({ tool_calls: [{ ...head, function: { name: c.function.name, arguments: '' } }] }));
        events.push(chunk({ tool_calls: [{ index: i, function: { arguments: args.slice(0, 5) } }] }));
        events.push(chunk({ tool_calls: [{ index: i, function: { arguments: args.slice(5) } }] }));
      }
    });
    events.push(chunk({ content: '' }, a.finish));
    if (flavor !== 'tgi' && body.stream_options?.include_usage) events.push({ ...env, choices: [], usage });
    return { events };
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (r: FakeServerReply) => {
      if ('raw' in r) {
        res.writeHead(r.status, { 'content-type': r.contentType ?? 'text/plain' });
        res.end(r.raw);
      } else {
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.json));
      }
    };
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return reply({ status: 401, json: { error: 'Unauthorized' } });
    }
    const routes = flavor === 'tgi' ? ['/v1/chat/completions'] : ['/v1/chat/completions', '/v1/embeddings'];
    if (req.method !== 'POST' || !routes.includes(path)) return reply({ raw: '404 page not found', status: 404 });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (flavor === 'vllm') {
      const extra = Object.keys(body).filter((k) => !VLLM_FIELDS.has(k));
      if (extra.length) {
        const detail = extra.map((k) => `{'type': 'extra_forbidden', 'loc': ('body', '${k}'), 'msg': 'Extra inputs are not permitted'}`);
        return reply({
          status: 400,
          json: { object: 'error', message: `[${detail.join(', ')}]`, type: 'BadRequestError', param: null, code: 400 },
        });
      }
    }
    const next = queued.shift();
    if (next) return reply(next);
    if (!options.models.includes(body.model)) return reply(notFound(flavor, body.model));
    requests.push({ path, headers: req.headers, body });
    if (path === '/v1/embeddings') {
      const inputs: string[] = typeof body.input === 'string' ? [body.input] : body.input;
      return reply({
        json: {
          object: 'list',
          data: inputs.map((t, index) => ({ object: 'embedding', embedding: fakeEmbedding(t), index })),
          model: body.model,
          usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 },
        },
      });
    }
    const out = chat(body);
    if (out.json) return reply({ json: out.json });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const e of [...out.events!.map((x) => JSON.stringify(x)), '[DONE]']) {
      if (!res.write(`data: ${e}\n\n`)) await once(res, 'drain');
      await new Promise((r) => setImmediate(r));
    }
    res.end();
  };

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  const { port, close } = await listenLocal(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...replies) => queued.push(...replies),
    close,
  };
}
