/**
 * @module All upstream HTTP goes through one shared undici Agent with keep-alive: one socket pool per
 * origin, sized per provider. Timeouts are not undici's: the request's deadline owns them, so the
 * wait for a free socket counts toward the first byte.
 */
import { Agent, Pool } from 'undici';
import { SwitchyardError } from '../errors.js';
import type { UpstreamRequest, UpstreamResponse } from '../provider.js';

export interface UpstreamClientOptions {
  connectTimeoutMs: number;
  /** Sockets per origin unless a provider asks for more. */
  connections: number;
  keepAliveTimeoutMs?: number;
}

export interface SendOptions {
  signal: AbortSignal;
  /** Sockets for this origin (the provider's `connections`). */
  connections: number;
}

/** One origin's socket pool, for metrics: `queued` requests wait for a free socket. */
export interface PoolStats {
  connected: number;
  free: number;
  pending: number;
  queued: number;
  running: number;
  size: number;
}

/** Maps a transport failure to a coded, retryable error. The message never includes headers. */
export function mapTransportError(err: unknown, provider: string): SwitchyardError {
  const code = (err as { code?: string })?.code ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', `Provider "${provider}" timed out (connect)`, {
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
  /** Pool size per origin, from the providers that sent to it (the largest wins). */
  private readonly sizes = new Map<string, number>();

  constructor(options: UpstreamClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      connections: options.connections,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      pipelining: 1,
      // The request deadline bounds headers and body; undici's own timers would only duplicate it.
      headersTimeout: 0,
      bodyTimeout: 0,
      factory: (origin, opts) => new Pool(origin, { ...opts, connections: this.sizes.get(String(origin)) ?? options.connections }),
    });
  }

  async send(req: UpstreamRequest, url: URL, opts: SendOptions): Promise<UpstreamResponse> {
    const origin = url.origin;
    const size = this.sizes.get(origin);
    if (size === undefined || size < opts.connections) this.sizes.set(origin, opts.connections);
    const res = await this.agent.request({
      origin,
      path: url.pathname + url.search,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: opts.signal,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  /** Socket pools per origin. */
  stats(): Record<string, PoolStats> {
    const out: Record<string, PoolStats> = {};
    for (const [origin, s] of Object.entries(this.agent.stats)) {
      const p = s as Partial<PoolStats>;
      out[origin] = {
        connected: p.connected ?? 0,
        free: p.free ?? 0,
        pending: p.pending ?? 0,
        queued: p.queued ?? 0,
        running: p.running ?? 0,
        size: p.size ?? 0,
      };
    }
    return out;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Reads a whole body (error bodies, non-stream responses); `undefined` when it exceeds `limit` bytes. */
export async function readBody(body: AsyncIterable<Uint8Array>, limit = 64 * 1024 * 1024): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) return undefined;
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
