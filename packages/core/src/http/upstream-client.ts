/** @module All upstream HTTP goes through one shared undici Agent with keep-alive. */
import { Agent } from 'undici';
import { SwitchyardError } from '../errors.js';
import type { UpstreamRequest, UpstreamResponse } from '../provider.js';

export interface UpstreamClientOptions {
  connectTimeoutMs: number;
  /** Max sockets per origin. */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

export interface SendOptions {
  signal: AbortSignal;
  /** Until response headers arrive. */
  firstByteMs: number;
  /** Longest gap between body chunks. */
  bodyIdleMs: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Maps a transport failure to a coded, retryable error. The message never includes headers. */
export function mapTransportError(err: unknown, provider: string): SwitchyardError {
  const code = (err as { code?: string })?.code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect' : code === 'UND_ERR_HEADERS_TIMEOUT' ? 'first byte' : 'body';
    return new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', `Provider "${provider}" timed out (${what})`, {
      cause: err,
      provider,
      retryable: true,
    });
  }
  return new SwitchyardError('SY_ERR_UPSTREAM_CONNECTION', `Provider "${provider}" is unreachable (${code || 'connection failed'})`, {
    cause: err,
    provider,
    retryable: true,
  });
}

export class UpstreamClient {
  readonly agent: Agent;

  constructor(options: UpstreamClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      connections: options.connections ?? 512,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      pipelining: 1,
    });
  }

  async send(req: UpstreamRequest, opts: SendOptions): Promise<UpstreamResponse> {
    const url = new URL(req.url);
    const res = await this.agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: opts.signal,
      headersTimeout: opts.firstByteMs,
      bodyTimeout: opts.bodyIdleMs,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Reads a whole body (error bodies, non-stream responses), bounded to `limit` bytes. */
export async function readBody(body: AsyncIterable<Uint8Array>, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new Error(`upstream body exceeds ${limit} bytes`);
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON, or returns the text when it is not JSON (error pages). */
export function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
