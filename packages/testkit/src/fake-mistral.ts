/**
 * @module A protocol-faithful fake of Mistral La Plateforme (`/v1/chat/completions`, `/v1/embeddings`)
 * on 127.0.0.1. Like Mistral it requires `authorization: Bearer <key>`, rejects every field it does not
 * know (top level, per message role, per content chunk, per tool call) with a 422 carrying pydantic
 * `extra_forbidden` details, refuses tool-call ids that are not exactly nine letters or digits, and
 * refuses a last assistant message that is not a prefix. Streams put usage on the last content chunk
 * and pad chunks with `p`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from './free-port.js';

export interface FakeMistralRequest {
  /** `/v1/chat/completions` or `/v1/embeddings`. */
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeMistralReply =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  /** Each element becomes one `data: <json>\n\n` event, then `data: [DONE]`. */
  | { sse: unknown[] }
  | { raw: string; status: number; contentType?: string };

export type FakeMistralHandler = (req: FakeMistralRequest) => FakeMistralReply | undefined;

export interface FakeMistral {
  /** Up to and including `/v1`, as the provider's `baseUrl`. */
  readonly baseUrl: string;
  /** Requests that passed authentication and validation, in order. */
  readonly requests: FakeMistralRequest[];
  /** Replies served before validation and the handler, first in first out. */
  queue(...replies: FakeMistralReply[]): void;
  /** Replaces the handler; returning undefined falls back to the default echo. */
  handle(handler: FakeMistralHandler | undefined): void;
  close(): Promise<void>;
}

// ---- Mistral-style errors ----

interface Detail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

export function mistralError(
  status: number,
  message: unknown,
  type = 'invalid_request_error',
  code: string | null = null,
): FakeMistralReply {
  return { status, json: { object: 'error', message, type, param: null, code } };
}

function validationError(detail: Detail[]): FakeMistralReply {
  return mistralError(422, { detail });
}

// ---- Field validation: Mistral's request models, by field name ----

type Shape = { readonly [field: string]: Shape | 'value' | ((v: unknown, loc: (string | number)[], out: Detail[]) => void) };
type Rule = Shape[string];

const VALUE = 'value' as const;

function extra(loc: (string | number)[], input: unknown): Detail {
  return { type: 'extra_forbidden', loc, msg: 'Extra inputs are not permitted', input };
}

function check(value: unknown, rule: Rule, loc: (string | number)[], out: Detail[]): void {
  if (rule === VALUE) return;
  if (typeof rule === 'function') {
    rule(value, loc, out);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      check(v, rule, [...loc, i], out);
    });
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const r = rule[key];
    if (!r) out.push(extra([...loc, key], child));
    else check(child, r, [...loc, key], out);
  }
}

const TEXT_CHUNK: Shape = { type: VALUE, text: VALUE };
const CHUNKS: Record<string, Shape> = {
  text: TEXT_CHUNK,
  image_url: { type: VALUE, image_url: VALUE },
  document_url: { type: VALUE, document_url: VALUE, document_name: VALUE },
  file: { type: VALUE, file_id: VALUE },
  input_audio: { type: VALUE, input_audio: VALUE },
  reference: { type: VALUE, reference_ids: VALUE },
  thinking: { type: VALUE, thinking: VALUE, closed: VALUE },
};

function content(value: unknown, loc: (string | number)[], out: Detail[]): void {
  if (!Array.isArray(value)) return;
  value.forEach((chunk, i) => {
    const shape = CHUNKS[chunk?.type];
    if (!shape)
      out.push({
        type: 'union_tag_invalid',
        loc: [...loc, i],
        msg: `Input tag '${chunk?.type}' found using 'type' does not match any of the expected tags`,
        input: chunk,
      });
    else check(chunk, shape, [...loc, i, chunk.type], out);
  });
}

const TOOL_CALL: Shape = { id: VALUE, type: VALUE, index: VALUE, function: { name: VALUE, arguments: VALUE } };
const MESSAGES: Record<string, Shape> = {
  system: { role: VALUE, content },
  user: { role: VALUE, content },
  assistant: { role: VALUE, content, tool_calls: TOOL_CALL, prefix: VALUE },
  tool: { role: VALUE, content, tool_call_id: VALUE, name: VALUE },
};

function messages(value: unknown, loc: (string | number)[], out: Detail[]): void {
  if (!Array.isArray(value)) return;
  value.forEach((m, i) => {
    const shape = MESSAGES[m?.role];
    if (!shape)
      out.push({
        type: 'union_tag_invalid',
        loc: [...loc, i],
        msg: `Input tag '${m?.role}' found using 'role' does not match any of the expected tags: 'assistant', 'system', 'tool', 'user'`,
        input: m,
      });
    else check(m, shape, [...loc, i, m.role], out);
  });
}

function toolChoice(value: unknown, loc: (string | number)[], out: Detail[]): void {
  if (typeof value === 'string') {
    if (!['auto', 'none', 'any', 'required'].includes(value))
      out.push({ type: 'enum', loc, msg: "Input should be 'auto', 'none', 'any' or 'required'", input: value });
    return;
  }
  check(value, { type: VALUE, function: { name: VALUE } }, loc, out);
}

const CHAT: Shape = {
  model: VALUE,
  messages,
  temperature: VALUE,
  top_p: VALUE,
  max_tokens: VALUE,
  stream: VALUE,
  stop: VALUE,
  random_seed: VALUE,
  metadata: VALUE,
  response_format: { type: VALUE, json_schema: { name: VALUE, description: VALUE, schema: VALUE, strict: VALUE } },
  tools: { type: VALUE, function: { name: VALUE, description: VALUE, parameters: VALUE, strict: VALUE } },
  tool_choice: toolChoice,
  presence_penalty: VALUE,
  frequency_penalty: VALUE,
  n: VALUE,
  prediction: { type: VALUE, content: VALUE },
  parallel_tool_calls: VALUE,
  reasoning_effort: VALUE,
  prompt_mode: VALUE,
  guardrails: VALUE,
  prompt_cache_key: VALUE,
  safe_prompt: VALUE,
};
const EMBEDDINGS: Shape = {
  model: VALUE,
  input: VALUE,
  metadata: VALUE,
  output_dimension: VALUE,
  output_dtype: VALUE,
  encoding_format: VALUE,
};

// ---- Semantic checks Mistral makes after validation ----

const TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/;

function badToolCallId(body: any): string | undefined {
  for (const m of body.messages) {
    for (const tc of m.tool_calls ?? []) if (!TOOL_CALL_ID.test(tc.id)) return tc.id;
    if (m.role === 'tool' && m.tool_call_id !== undefined && !TOOL_CALL_ID.test(m.tool_call_id)) return m.tool_call_id;
  }
  return undefined;
}

function semanticError(body: any): FakeMistralReply | undefined {
  const id = badToolCallId(body);
  if (id !== undefined) return mistralError(400, `Tool call id was ${id} but must be a-z, A-Z, 0-9, with a length of 9.`);
  const last = body.messages.at(-1);
  if (last?.role === 'assistant' && last.prefix !== true) {
    return mistralError(400, 'Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant');
  }
  return undefined;
}

// ---- Default behaviour: echo the last user text; deterministic embeddings ----

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c: any) => (c.type === 'text' ? c.text : '')).join('');
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A four-dimensional vector that depends only on the text. */
export function fakeEmbedding(text: string): number[] {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return [text.length / 100, (h % 1000) / 1000, ((h >>> 10) % 1000) / 1000, ((h >>> 20) % 1000) / 1000];
}

let seq = 0;
function completionId(): string {
  return (++seq).toString(16).padStart(32, 'a');
}

const PAD = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A whole completion as Mistral returns it. */
export function completion(model: string, message: Record<string, unknown>, finish: string, usage: { prompt: number; completion: number }) {
  return {
    id: completionId(),
    object: 'chat.completion',
    model,
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
    created: 1760000000,
    choices: [{ index: 0, message: { role: 'assistant', tool_calls: null, ...message }, finish_reason: finish }],
  };
}

/**
 * The same completion as Mistral streams it: a role chunk, the content in word pieces padded with
 * `p`, tool calls whole in one delta, and finish_reason plus usage on the last content chunk.
 */
export function streamOf(res: ReturnType<typeof completion>): unknown[] {
  const env = { id: res.id, object: 'chat.completion.chunk', created: res.created, model: res.model };
  const choice = res.choices[0]!;
  const msg = choice.message as Record<string, any>;
  const events: unknown[] = [{ ...env, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }];
  const text = typeof msg.content === 'string' ? msg.content : '';
  for (const [i, piece] of (text.match(/\S+\s*/g) ?? []).entries()) {
    events.push({ ...env, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }], p: PAD.slice(0, (i * 7) % PAD.length) });
  }
  const last: Record<string, unknown> = { content: '' };
  if (msg.tool_calls) last.tool_calls = msg.tool_calls.map((tc: any, index: number) => ({ ...tc, index }));
  events.push({
    ...env,
    choices: [{ index: 0, delta: last, finish_reason: choice.finish_reason }],
    usage: res.usage,
    p: 'abcdefghijklmnopq',
  });
  return events;
}

function defaultReply(req: FakeMistralRequest): FakeMistralReply {
  const body = req.body;
  if (req.path === '/v1/embeddings') {
    const inputs: string[] = typeof body.input === 'string' ? [body.input] : body.input;
    const prompt = inputs.reduce((n, t) => n + tokens(t), 0);
    return {
      json: {
        id: completionId(),
        object: 'list',
        data: inputs.map((t, index) => ({ object: 'embedding', embedding: fakeEmbedding(t), index })),
        model: body.model,
        usage: { prompt_tokens: prompt, total_tokens: prompt, completion_tokens: 0 },
      },
    };
  }
  const lastUser = [...body.messages].reverse().find((m: any) => m.role === 'user');
  const answer = `You said: ${textOf(lastUser?.content).trim()}`;
  const res = completion(body.model, { content: answer }, 'stop', {
    prompt: tokens(JSON.stringify(body.messages)),
    completion: tokens(answer),
  });
  return body.stream ? { sse: streamOf(res) } : { json: res };
}

// ---- Server ----

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function send(res: ServerResponse, reply: FakeMistralReply): Promise<void> {
  if ('raw' in reply) {
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' });
    res.end(reply.raw);
    return;
  }
  if ('sse' in reply) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    for (const event of [...reply.sse.map((e) => JSON.stringify(e)), '[DONE]']) {
      if (!res.write(`data: ${event}\n\n`)) await once(res, 'drain');
      await new Promise((r) => setImmediate(r));
    }
    res.end();
    return;
  }
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.json));
}

export async function startFakeMistral(options: { apiKey: string }): Promise<FakeMistral> {
  const requests: FakeMistralRequest[] = [];
  const queued: FakeMistralReply[] = [];
  let handler: FakeMistralHandler | undefined;

  const route = async (req: IncomingMessage): Promise<FakeMistralReply> => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const shape = path === '/v1/chat/completions' ? CHAT : path === '/v1/embeddings' ? EMBEDDINGS : undefined;
    if (req.method !== 'POST' || !shape) return { status: 404, json: { detail: 'Not Found' } };
    const text = await readBody(req);
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return { status: 401, json: { message: 'Unauthorized', request_id: 'c61f2f15feca71626a990e3740f99245' } };
    }
    const next = queued.shift();
    if (next) return next;
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      return validationError([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]);
    }
    const detail: Detail[] = [];
    check(body, shape, ['body'], detail);
    if (shape === CHAT && !Array.isArray(body.messages))
      detail.push({ type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: body });
    if (detail.length) return validationError(detail);
    if (shape === CHAT) {
      const refused = semanticError(body);
      if (refused) return refused;
    }
    const record: FakeMistralRequest = { path, headers: req.headers, body };
    requests.push(record);
    return handler?.(record) ?? defaultReply(record);
  };

  const server: Server = createServer((req, res) => {
    route(req)
      .then((reply) => send(res, reply))
      .catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'error', message: String(err), type: 'internal_error', param: null, code: null }));
      });
  });
  const { port, close } = await listenLocal(server);

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...replies) => queued.push(...replies),
    handle: (h) => {
      handler = h;
    },
    close,
  };
}
