// Runs one wrk load on the load-generator CPU with the checking Lua script and returns its parsed result.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CPU_LOAD, collectOutput, spawnPinned } from './processes.js';
import { CHAT_BODY, REPLY, REQUEST_HEADERS, STREAM_BODY, STREAM_CHUNKS, WORD_MARKER } from './wire.js';

const LUA_SCRIPT = fileURLToPath(new URL('./wrk-check.lua', import.meta.url));

/**
 * @typedef {object} LoadResult
 * @property {number} requests completed responses, every one checked
 * @property {number} rps
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} bad responses that failed the check (non-2xx included)
 * @property {number} non2xx
 * @property {number} socketErrors connect, read, write errors and timeouts
 * @property {string} firstBad why the first bad response failed, '' when none
 */

/** Whether a wrk binary is on PATH. */
export function hasWrk() {
  return !spawnSync('wrk', ['--version']).error;
}

/** Writes the request body for wrk to read (once per directory). */
function bodyFile(dir, stream) {
  const path = join(dir, stream ? 'stream-body.json' : 'chat-body.json');
  if (!existsSync(path)) writeFileSync(path, stream ? STREAM_BODY : CHAT_BODY);
  return path;
}

/**
 * @param {{ url: string, stream: boolean, connections: number, durationS: number, unique: boolean, workDir: string }} run
 * @returns {Promise<LoadResult>}
 */
export async function runWrk({ url, stream, connections, durationS, unique, workDir }) {
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '--timeout', '5s', '-s', LUA_SCRIPT, url];
  const env = {
    BENCH_MODE: stream ? 'stream' : 'chat',
    BENCH_BODY_FILE: bodyFile(workDir, stream),
    BENCH_HEADERS: Object.entries(REQUEST_HEADERS)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    BENCH_REPLY: REPLY,
    BENCH_MARKER: WORD_MARKER,
    BENCH_CHUNKS: String(STREAM_CHUNKS),
    BENCH_UNIQUE: unique ? '1' : '0',
  };
  const child = spawnPinned(CPU_LOAD, 'wrk', args, { env });
  const output = collectOutput(child);
  const [code] = await once(child, 'exit');
  const line = output.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code})\n${output.stdout}\n${output.stderr}`);
  const r = JSON.parse(line.slice('BENCH_RESULT '.length));
  const e = r.socketErrors;
  return {
    requests: r.requests,
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.latencyUs.p50 / 1000,
    p99Ms: r.latencyUs.p99 / 1000,
    bad: r.bad,
    non2xx: r.non2xx,
    socketErrors: e.connect + e.read + e.write + e.timeout,
    firstBad: r.firstBad,
  };
}
