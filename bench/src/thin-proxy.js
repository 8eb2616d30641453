// The baseline: a bare node:http pass-through proxy over a keep-alive undici Pool; bodies are piped, never parsed.
import http from 'node:http';
import { Pool } from 'undici';

// Hop-by-hop headers (RFC 9110 §7.6.1) plus host, which undici sets for the upstream origin.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

/** @param {Record<string, string | string[] | undefined>} headers */
function endToEnd(headers) {
  /** @type {Record<string, string | string[]>} */
  const out = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name) && headers[name] !== undefined) out[name] = headers[name];
  return out;
}

/**
 * Creates (does not start) the thin proxy. Every request goes to the same path on `upstream`.
 * @param {{ upstream: string, connections?: number }} options upstream origin, e.g. `http://127.0.0.1:9000`
 * @returns {http.Server} closing the server also closes the upstream pool
 * @example
 * const proxy = createThinProxy({ upstream: 'http://127.0.0.1:9000' });
 * proxy.listen(8080, '127.0.0.1');
 */
export function createThinProxy({ upstream, connections = 256 }) {
  const pool = new Pool(upstream, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const server = http.createServer((req, res) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    pool.stream(
      { method: req.method, path: req.url, headers: endToEnd(req.headers), body: hasBody ? req : null, opaque: res },
      ({ statusCode, headers, opaque }) => opaque.writeHead(statusCode, endToEnd(headers)),
      (err) => {
        if (!err) return;
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `upstream: ${err.message}`, type: 'proxy_error', code: 'bad_gateway' } }));
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  server.on('close', () => void pool.close());
  return server;
}
