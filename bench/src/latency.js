// Runs the 1-connection latency probe (non-stream round trip, first streamed byte) in its own process on CPU 1.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CPU_LOAD, collectOutput, spawnPinned } from './processes.js';

const ENTRY = fileURLToPath(new URL('./bin/latency.js', import.meta.url));

/**
 * Medians over `requests` pairs of one non-stream and one stream request per target, targets interleaved request
 * by request so both see the same machine; more exact at 1 connection than wrk's figures, which are corrected
 * for coordinated omission.
 * @typedef {{ requests: number, chatMs: number, ttfbMs: number, bad: number, firstBad: string }} LatencyResult
 * @param {{ targets: { name: string, origin: string }[], requests: number, warmup: number }} options
 * @returns {Promise<Record<string, LatencyResult>>} by target name
 */
export async function probeLatency(options) {
  const child = spawnPinned(CPU_LOAD, process.execPath, [ENTRY, JSON.stringify(options)]);
  const output = collectOutput(child);
  const [code] = await once(child, 'exit');
  const line = output.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) throw new Error(`latency probe failed (exit ${code})\n${output.stderr}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}
