/**
 * @module The mock engine over real HTTP: a node:http request handler serving `/v1/chat/completions`,
 * `/v1/embeddings` and `/v1/models` with OpenAI's bytes, plus `startMockUpstream()` to listen on a
 * free port. Built to be a benchmark upstream: answers to repeated bodies come from a short cache,
 * and a stream without chunk delay is written in one piece.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockEngine } from './engine.js';
import { type MockExchange, wholeBody } from './exchange.js';
import { type MockOptionsInput, MockOptionsSchema } from './options.js';

/** One request as the upstream received it. */
export interface MockRequestRecord {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface MockHandlerHooks {
  /** Called with every request before it is answered (tests assert on what the gateway sent). */
  onRequest?: (record: MockRequestRecord) => void;
}

export type MockRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, ex: MockExchange): void {
  if (res.destroyed) return;
  res.writeHead(ex.status, ex.headers);
  if (ex.chunkDelayMs <= 0 || ex.frames.length <= 1) {
    if (ex.drop) res.write(wholeBody(ex), () => res.destroy());
    else res.end(wholeBody(ex));
    return;
  }
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    if (res.destroyed) return;
    res.write(ex.frames[i++] as string);
    if (i < ex.frames.length) timer = setTimeout(next, ex.chunkDelayMs);
    else if (ex.drop) res.destroy();
    else res.end();
  };
  res.on('close', () => clearTimeout(timer));
  next();
}

/**
 * @example
 * const server = http.createServer(createMockUpstreamHandler({ models: { bot: { reply: 'hi' } } }));
 */
export function createMockUpstreamHandler(options: MockOptionsInput = {}, hooks: MockHandlerHooks = {}): MockRequestHandler {
  const engine = createMockEngine(MockOptionsSchema.parse(options));
  const { onRequest } = hooks;
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      onRequest?.({ method, url, headers: req.headers, body });
      const ex = engine.handle(method, url, body, req.headers);
      if (ex.latencyMs <= 0) return send(res, ex);
      const timer = setTimeout(() => send(res, ex), ex.latencyMs);
      res.on('close', () => clearTimeout(timer));
    });
  };
}

export interface MockUpstream {
  /** `http://127.0.0.1:<port>/v1`: a provider `baseUrl`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Serves the mock on 127.0.0.1 (port 0 = a free port). */
export async function startMockUpstream(
  options: MockOptionsInput = {},
  hooks: MockHandlerHooks & { port?: number } = {},
): Promise<MockUpstream> {
  const server = createServer({ keepAliveTimeout: 30_000 }, createMockUpstreamHandler(options, hooks));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(hooks.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
