// Runs the first-streamed-byte measurement in its own process on the load-generator CPU.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CPU_LOAD, collectOutput, spawnPinned } from './processes.js';

const ENTRY = fileURLToPath(new URL('./bin/ttfb.js', import.meta.url));

/**
 * @typedef {{ requests: number, ttfbMs: number, totalMs: number, bad: number, firstBad: string }} TtfbResult
 * @param {{ targets: { name: string, origin: string }[], requests: number, warmup: number}} options
 * @returns {Promise<Record<string, TtfbResult>>} by target name
 */
export async function measureTtfb(options) {
  const child = spawnPinned(CPU_LOAD, process.execPath, [ENTRY, JSON.stringify(options)]);
  const output = collectOutput(child);
  const [code] = await once(child, 'exit');
  const line = output.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) throw new Error(`ttfb measurement failed (exit ${code})\n${output.stderr}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}
