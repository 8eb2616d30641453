/**
 * @module A hostile fake OpenAI upstream over real HTTP: each way an upstream can misbehave once it
 * accepted a request, chosen per request by the model name it is asked for. For testing that a
 * gateway bounds every case by a deadline and maps it to a clear, coded error.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { listenLocal } from './free-port.js';

/** The misbehaviours, by the model name that asks for each. */
export const HOSTILE_CASES = [
  /** A well-formed answer, stream or not: the control case. */
  'ok',
  /** Response headers only after `slowMs`. */
  'slow-headers',
  /** Headers at once (and a stream's first event), then the rest a few bytes per `trickleMs`. */
  'slow-body',
  /** Headers and a first part, then silence: the body never ends. */
  'never-ends',
  /** 200 JSON that does not parse; for a stream, a first event whose data is not JSON. */
  'invalid-json',
  /** An event stream without `data:` fields or blank lines. */
  'broken-sse',
  /** 200 with an OpenAI error object as the body. */
  'error-200',
  /** 200 with an HTML page. */
  'html-200',
  /** A gzip-encoded body the client did not ask for. */
  'gzip',
  /** A body (or one stream event) that keeps growing up to `oversizedBytes`. */
  'oversized',
  /** For streams: a few events, then the connection is destroyed. Non-stream: destroyed mid-body. */
  'reset-mid-stream',
  /** An event stream of keep-alive comments only, forever. */
  'keepalive-only',
  /** 401 echoing the credential it was sent into message, code, type, param and a header. */
  'echo-key',
] as const;

export type HostileCase = (typeof HOSTILE_CASES)[number];

export interface HostileUpstreamOptions {
  /** `slow-headers` waits this long before headers. Default 5000. */
  slowMs?: number;
  /** `slow-body` and keep-alive comments: the gap between pieces. Default 100. */
  trickleMs?: number;
  /** `oversized` stops writing after this many bytes. Default 256 MiB. */
  oversizedBytes?: number;
}

export interface HostileRequest {
  url: string;
  model: string;
  stream: boolean;
  headers: IncomingMessage['headers'];
}

export interface HostileUpstream {
  /** Base URL including `/v1`, as a provider's `baseUrl` takes it. */
  baseUrl: string;
  requests: HostileRequest[];
  /** Sockets currently open to the fake (a gateway that gave up must close its side). */
  openSockets(): number;
  close(): Promise<void>;
}

const CREDENTIAL_HEADERS = ['authorization', 'api-key', 'x-api-key', 'x-goog-api-key'];

function credential(headers: IncomingMessage['headers']): string {
  for (const h of CREDENTIAL_HEADERS) {
    const v = headers[h];
    if (typeof v === 'string' && v) return v.replace(/^Bearer\s+/i, '');
  }
  return '';
}

function chunk(content: string, finish: string | null = null): string {
  const c = {
    id: 'chatcmpl-hostile',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'hostile',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(c)}\n\n`;
}

const USAGE = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
const usageChunk = `data: ${JSON.stringify({ id: 'chatcmpl-hostile', object: 'chat.completion.chunk', created: 1, model: 'hostile', choices: [], usage: USAGE })}\n\n`;

function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion',
    created: 1,
    model: 'hostile',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: USAGE,
  });
}

const SSE = { 'content-type': 'text/event-stream' };
const JSON_TYPE = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes until the peer stops reading or `until` says stop; resolves false once the response is gone. */
async function write(res: ServerResponse, text: string | Buffer): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(text)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

async function serve(kind: HostileCase, stream: boolean, req: IncomingMessage, res: ServerResponse, o: Required<HostileUpstreamOptions>) {
  const ok = () => {
    if (stream) {
      res.writeHead(200, SSE);
      res.end(`${chunk('hello')}${chunk(' world', 'stop')}${usageChunk}data: [DONE]\n\n`);
    } else {
      res.writeHead(200, JSON_TYPE);
      res.end(completion('hello world'));
    }
  };
  switch (kind) {
    case 'ok':
      return ok();
    case 'slow-headers':
      await sleep(o.slowMs);
      return res.destroyed ? undefined : ok();
    case 'slow-body': {
      res.writeHead(200, stream ? SSE : JSON_TYPE);
      if (stream && !(await write(res, chunk('hello')))) return;
      const rest = stream ? `${chunk(' world', 'stop')}data: [DONE]\n\n` : completion('hello world');
      for (let i = 0; i < rest.length; i += 4) {
        if (!(await write(res, rest.slice(i, i + 4)))) return;
        await sleep(o.trickleMs);
      }
      return res.end();
    }
    case 'never-ends':
      res.writeHead(200, stream ? SSE : JSON_TYPE);
      await write(res, stream ? chunk('hello') : '{"id":"chatcmpl-hostile","choices":[');
      return;
    case 'invalid-json':
      res.writeHead(200, stream ? SSE : JSON_TYPE);
      return res.end(stream ? 'data: {"id": "chatcmpl-hostile", "choices": [\n\n' : '{"id": "chatcmpl-hostile", "choices": [');
    case 'broken-sse':
      res.writeHead(200, SSE);
      return res.end('{"id":"chatcmpl-hostile","choices":[{"delta":{"content":"x"}}]}\n{"id":"chatcmpl-hostile"}\n');
    case 'error-200':
      res.writeHead(200, JSON_TYPE);
      return res.end(
        JSON.stringify({ error: { message: 'Internal error at /srv/model/server.py:120', type: 'server_error', code: null } }),
      );
    case 'html-200':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<html><head><title>Maintenance</title></head><body>Back soon</body></html>');
    case 'gzip':
      res.writeHead(200, { ...(stream ? SSE : JSON_TYPE), 'content-encoding': 'gzip' });
      return res.end(gzipSync(stream ? `${chunk('hello')}data: [DONE]\n\n` : completion('hello')));
    case 'oversized': {
      res.writeHead(200, stream ? SSE : JSON_TYPE);
      const piece = Buffer.alloc(64 * 1024, 'x');
      await write(res, stream ? `${chunk('hello')}data: {"pad":"` : '{"pad":"');
      for (let sent = 0; sent < o.oversizedBytes; sent += piece.length) if (!(await write(res, piece))) return;
      return res.end('"}');
    }
    case 'reset-mid-stream':
      res.writeHead(200, stream ? SSE : JSON_TYPE);
      await write(res, stream ? chunk('hello') + chunk(' wor') : '{"id":"chatcmpl-hostile",');
      await sleep(50);
      return req.socket.destroy();
    case 'keepalive-only':
      res.writeHead(200, SSE);
      while (await write(res, ': ping\n\n')) await sleep(o.trickleMs);
      return;
    case 'echo-key': {
      const key = credential(req.headers);
      res.writeHead(401, { ...JSON_TYPE, 'x-echo-key': key, 'www-authenticate': `Bearer realm="${key}"` });
      return res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${key}`, type: key, code: key, param: key } }));
    }
  }
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @example
 * const up = await startHostileUpstream({ slowMs: 3000 });
 * // providers: { h: { type: openai, baseUrl: up.baseUrl, apiKey: 'sk-test' } }; model `h/never-ends`
 */
export async function startHostileUpstream(options: HostileUpstreamOptions = {}): Promise<HostileUpstream> {
  const o: Required<HostileUpstreamOptions> = {
    slowMs: options.slowMs ?? 5000,
    trickleMs: options.trickleMs ?? 100,
    oversizedBytes: options.oversizedBytes ?? 256 * 1024 * 1024,
  };
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    res.on('error', () => {});
    let body: { model?: unknown; stream?: unknown } = {};
    try {
      body = JSON.parse(await readAll(req));
    } catch {
      body = {};
    }
    const model = typeof body.model === 'string' ? body.model : '';
    const stream = body.stream === true;
    requests.push({ url: req.url ?? '/', model, stream, headers: req.headers });
    const kind = (HOSTILE_CASES as readonly string[]).includes(model) ? (model as HostileCase) : 'ok';
    await serve(kind, stream, req, res, o).catch(() => req.socket.destroy());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const { port, close } = await listenLocal(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    openSockets: () => sockets.size,
    close,
  };
}
