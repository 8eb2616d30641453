// Child processes pinned to a CPU with taskset: spawn, wait until ready, stop.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { READY_PREFIX } from './bin/listen.js';
import { currentNiceness } from './priority.js';

/** CPU for the process under test, and for the load generator plus mock upstream. */
export const CPU_UNDER_TEST = 0;
export const CPU_LOAD = 1;

let pinning;

/** Whether taskset works here and there are two CPUs to pin to (checked once). */
export function canPin() {
  pinning ??= spawnSync('taskset', ['-c', '0,1', 'true']).status === 0;
  return pinning;
}

/** Pins this orchestrating process (all its threads) to `cpu`, so its own work stays off the process under test. */
export function pinSelf(cpu) {
  if (canPin()) spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

/**
 * Spawns `command args` on `cpu` at the bench's niceness. taskset and nice exec the command, so the child's pid is
 * the command's own pid (RSS and CPU are sampled through it).
 * @param {number} cpu
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 */
export function spawnPinned(cpu, command, args, options = {}) {
  let argv = [command, ...args];
  if (canPin()) argv = ['taskset', '-c', String(cpu), ...argv];
  const niceness = currentNiceness();
  if (niceness !== 0) argv = ['nice', '-n', String(niceness), ...argv];
  return spawn(argv[0], argv.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
  });
}

/**
 * Collects a child's output: stdout text and the stderr tail, for parsing results and explaining failures.
 * @param {import('node:child_process').ChildProcess} child
 */
export function collectOutput(child) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (s) => {
    out.stdout += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s) => {
    out.stderr = (out.stderr + s).slice(-4000);
  });
  return out;
}

/**
 * Resolves with the JSON a bench child prints after `BENCH_READY ` once it listens; rejects if it dies first.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name for errors
 * @returns {Promise<{ port: number, pid: number }>}
 */
export function waitForReadyLine(child, name, timeoutMs = 10_000) {
  const output = collectOutput(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms\n${output.stderr}`)), timeoutMs);
    const onExit = (code) => fail(new Error(`${name} exited with code ${code} before it was ready\n${output.stderr}`));
    const onData = () => {
      const line = output.stdout.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (!line) return;
      done();
      resolve(JSON.parse(line.slice(READY_PREFIX.length)));
    };
    const done = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.off('data', onData);
    };
    const fail = (err) => {
      done();
      reject(err);
    };
    child.on('exit', onExit);
    child.stdout.on('data', onData);
  });
}

/**
 * Polls `url` until it answers 200; rejects when `child` exits or `timeoutMs` passes.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} url
 * @param {() => string} explain extra text for the error (e.g. the child's log tail)
 */
export async function waitForHealthy(child, url, explain, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before ${url} answered 200\n${explain()}`);
    }
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms\n${explain()}`);
}

/**
 * SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited.
 * @param {import('node:child_process').ChildProcess | undefined} child
 */
export async function stopChild(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
