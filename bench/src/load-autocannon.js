// Runs one autocannon load in its own process on the load-generator CPU (the fallback when wrk is missing).
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CPU_LOAD, collectOutput, spawnPinned } from './processes.js';

const ENTRY = fileURLToPath(new URL('./bin/autocannon.js', import.meta.url));

/**
 * @param {{ url: string, stream: boolean, connections: number, durationS: number, unique: boolean }} run
 * @returns {Promise<import('./load-wrk.js').LoadResult>}
 */
export async function runAutocannon(run) {
  const child = spawnPinned(CPU_LOAD, process.execPath, [ENTRY, JSON.stringify(run)]);
  const output = collectOutput(child);
  const [code] = await once(child, 'exit');
  const line = output.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) throw new Error(`autocannon failed (exit ${code})\n${output.stdout}\n${output.stderr}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}
