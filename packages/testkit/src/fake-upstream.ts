/**
 * @module A protocol-faithful fake upstream over real HTTP that misbehaves on cue: answer normally
 * (through a wire-format handler, e.g. the mock provider's), fail with a status and body, hang,
 * reset the connection, or drop a stream midway. Every received request is recorded.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour =
  /** Serve normally through the handler. */
  | { kind: 'pass' }
  /** Reply with this status, JSON body and headers. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answer (until the client gives up or the server closes). */
  | { kind: 'hang' }
  /** Wait, then serve normally. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket without a response. */
  | { kind: 'reset' };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Parsed JSON body, when it was JSON. */
  json: any;
}

export interface FakeUpstreamOptions {
  /** Serves `pass` behaviours with real wire bytes. */
  handler: RequestListener;
  /** Behaviour for the n-th request (0-based); default: always pass. */
  script?: Behaviour[] | ((n: number, req: RecordedRequest) => Behaviour);
}

export interface FakeUpstream {
  /** Base URL including `/v1`, as a provider's `baseUrl` takes it. */
  baseUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** Sockets currently open to the fake (to assert the gateway closed an upstream connection). */
  openSockets(): number;
  /** Replace the script for subsequent requests (the count continues). */
  setScript(script: FakeUpstreamOptions['script']): void;
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts a fake upstream on 127.0.0.1 and a free port. */
export async function startFakeUpstream(options: FakeUpstreamOptions): Promise<FakeUpstream> {
  let script = options.script;
  let n = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const rec: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, json };
    requests.push(rec);
    const i = n++;
    const b: Behaviour = typeof script === 'function' ? script(i, rec) : (script?.[i] ?? { kind: 'pass' });
    switch (b.kind) {
      case 'status':
        res.writeHead(b.status, { 'content-type': 'application/json', ...b.headers });
        res.end(b.body === undefined ? '' : typeof b.body === 'string' ? b.body : JSON.stringify(b.body));
        return;
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'delay':
        await new Promise((r) => setTimeout(r, b.ms));
        if (res.destroyed) return;
        break;
      case 'pass':
        break;
    }
    // Re-feed the consumed body to the handler as a fresh readable.
    const { Readable } = await import('node:stream');
    const replay = Object.assign(Readable.from([Buffer.from(body)]), {
      method: req.method,
      url: req.url,
      headers: req.headers,
      socket: req.socket,
    }) as unknown as IncomingMessage;
    options.handler(replay, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    requests,
    openSockets: () => sockets.size,
    setScript(s) {
      script = s;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
