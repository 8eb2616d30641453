// Shared process entry plumbing: listen on 127.0.0.1, announce the port on stdout, exit on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';

/** The line a bench child prints once listening; the parent waits for it. */
export const READY_PREFIX = 'BENCH_READY ';

/**
 * @param {import('node:http').Server} server
 * @param {number} port 0 picks a free port
 */
export function listenAndAnnounce(server, port) {
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`${READY_PREFIX}${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
  });
  const stop = () => server.close(() => process.exit(0)).closeAllConnections();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Parses `--port N` and `--upstream URL`. */
export function childArgs() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, upstream: { type: 'string' } } });
  return { port: Number(values.port), upstream: values.upstream };
}
