/**
 * @module A protocol-faithful fake of the Anthropic Messages API on 127.0.0.1 (node:http, port 0):
 * checks `x-api-key` and `anthropic-version`, requires `max_tokens`, answers with Message JSON or
 * the full SSE event sequence (message_start, content_block_start, ping, content_block_delta with
 * text/input_json/thinking/signature deltas, content_block_stop, message_delta, message_stop), and
 * serves Anthropic error bodies (`{"type":"error","error":{...},"request_id"}`) with `retry-after`.
 * Meant to move to @switchyard/testkit.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from './free-port.js';

export type FakeBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id?: string; name: string; input: Record<string, unknown> };

export interface FakeReply {
  content: FakeBlock[];
  stop_reason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';
  stop_sequence?: string | null;
  usage?: { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
  model?: string;
}

export interface FakeError {
  status: number;
  type: string;
  message: string;
  retryAfter?: number;
  /** Fail after this many SSE events of a streamed reply (an `error` event on a 200 stream). */
  midStreamAfterEvents?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeHandler = (body: any, req: RecordedRequest) => FakeReply | FakeError;

export interface FakeAnthropicUpstream {
  /** The base URL to configure: `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Sets the reply for following requests (default: echo of the last user text). */
  reply(handler: FakeHandler | FakeReply): void;
  /** The next `count` requests fail with `error` before the handler runs. */
  failNext(count: number, error: FakeError): void;
  close(): Promise<void>;
}

export interface FakeAnthropicOptions {
  apiKey?: string;
}

const id = (prefix: string) => `${prefix}_01${randomBytes(12).toString('hex')}`;

function lastUserText(body: any): string {
  const last = [...(body?.messages ?? [])].reverse().find((m: any) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content
    .filter((b: any) => b.type === 'text')
    .map((b: any) => b.text)
    .join(' ');
}

const echo: FakeHandler = (body) => ({ content: [{ type: 'text', text: `Echo: ${lastUserText(body)}` }], stop_reason: 'end_turn' });

function errorBody(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: id('req') };
}

function estimateInput(body: any): number {
  return Math.max(1, Math.ceil(JSON.stringify({ s: body.system ?? '', m: body.messages, t: body.tools ?? [] }).length / 4));
}

function blockForMessage(b: FakeBlock) {
  return b.type === 'tool_use' ? { type: 'tool_use', id: b.id ?? id('toolu'), name: b.name, input: b.input } : b;
}

function message(body: any, reply: FakeReply) {
  const content = reply.content.map(blockForMessage);
  return {
    id: id('msg'),
    type: 'message',
    role: 'assistant',
    model: reply.model ?? body.model,
    content,
    stop_reason: reply.stop_reason ?? (content.some((c) => c.type === 'tool_use') ? 'tool_use' : 'end_turn'),
    stop_sequence: reply.stop_sequence ?? null,
    usage: {
      input_tokens: reply.usage?.input_tokens ?? estimateInput(body),
      cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? 0,
      output_tokens: reply.usage?.output_tokens ?? 10,
    },
  };
}

function pieces(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The event sequence the real API sends for `msg`, as [event, data] pairs. */
export function streamEvents(msg: ReturnType<typeof message>): [string, unknown][] {
  const events: [string, unknown][] = [];
  const { usage } = msg;
  events.push([
    'message_start',
    {
      type: 'message_start',
      message: { ...msg, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    },
  ]);
  msg.content.forEach((block: any, index: number) => {
    if (block.type === 'text') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      if (index === 0) events.push(['ping', { type: 'ping' }]);
      for (const text of pieces(block.text, 8)) {
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } }]);
      }
    } else if (block.type === 'thinking') {
      events.push([
        'content_block_start',
        { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
      ]);
      for (const thinking of pieces(block.thinking, 16)) {
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } }]);
      }
      events.push([
        'content_block_delta',
        { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } },
      ]);
    } else if (block.type === 'redacted_thinking') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: block }]);
    } else if (block.type === 'tool_use') {
      events.push([
        'content_block_start',
        { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } },
      ]);
      // The API's first input_json_delta is an empty string.
      for (const partial_json of ['', ...pieces(JSON.stringify(block.input), 10)]) {
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }]);
      }
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push([
    'message_delta',
    {
      type: 'message_delta',
      delta: { stop_reason: msg.stop_reason, stop_sequence: msg.stop_sequence },
      usage: { output_tokens: usage.output_tokens },
    },
  ]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
  res.end(text);
}

function isError(r: FakeReply | FakeError): r is FakeError {
  return typeof (r as FakeError).status === 'number';
}

export async function startFakeAnthropicUpstream(options: FakeAnthropicOptions = {}): Promise<FakeAnthropicUpstream> {
  const requests: RecordedRequest[] = [];
  let handler: FakeHandler = echo;
  const failures: FakeError[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      let body: any;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return sendJson(res, 400, errorBody('invalid_request_error', 'The request body is not valid JSON.'));
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body };
      requests.push(recorded);
      if (req.method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')) {
        return sendJson(res, 404, errorBody('not_found_error', 'Not found'));
      }
      if (options.apiKey !== undefined && req.headers['x-api-key'] !== options.apiKey) {
        return sendJson(res, 401, errorBody('authentication_error', 'invalid x-api-key'));
      }
      if (!req.headers['anthropic-version']) {
        return sendJson(res, 400, errorBody('invalid_request_error', 'anthropic-version: header is required'));
      }
      if (typeof body?.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
        return sendJson(res, 400, errorBody('invalid_request_error', 'model and messages are required'));
      }
      if (path === '/v1/messages/count_tokens') return sendJson(res, 200, { input_tokens: estimateInput(body) });
      if (typeof body.max_tokens !== 'number') {
        return sendJson(res, 400, errorBody('invalid_request_error', 'max_tokens: Field required'));
      }
      const outcome = failures.shift() ?? handler(body, recorded);
      if (isError(outcome) && outcome.midStreamAfterEvents === undefined) {
        const headers: Record<string, string> = outcome.retryAfter !== undefined ? { 'retry-after': String(outcome.retryAfter) } : {};
        return sendJson(res, outcome.status, errorBody(outcome.type, outcome.message), headers);
      }
      const reply: FakeReply = isError(outcome) ? { content: [{ type: 'text', text: 'Once upon a time, in a land far away' }] } : outcome;
      const msg = message(body, reply);
      if (body.stream !== true) return sendJson(res, 200, msg);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'request-id': id('req'),
      });
      let events = streamEvents(msg);
      if (isError(outcome)) {
        events = events.slice(0, outcome.midStreamAfterEvents);
        events.push(['error', { type: 'error', error: { type: outcome.type, message: outcome.message } }]);
      }
      // Several events per write, split mid-event, as real TCP delivery does.
      const wire = events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
      const writes = pieces(wire, 97);
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        if (i >= writes.length) return void res.end();
        res.write(writes[i++]);
        setImmediate(next);
      };
      next();
    });
  });
  const { port, close } = await listenLocal(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(h) {
      handler = typeof h === 'function' ? h : () => h;
    },
    failNext(count, error) {
      for (let i = 0; i < count; i++) failures.push(error);
    },
    close,
  };
}
