/**
 * @module Runs the deployed server the way the image does: the image's ENTRYPOINT and CMD as argv
 * (with `node` being this Node.js), its WORKDIR as the working directory (the deployed folder), its
 * ENV plus the variables a container would get, and the image's HEALTHCHECK command to know it is up.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { configPathOf, type ImageSpec } from './dockerfile.js';

export interface ImageProcess {
  proc: ChildProcess;
  /** stdout and stderr so far (pino JSON lines), for assertions and failure messages. */
  output(): string;
  /** Runs the image's HEALTHCHECK command: its exit code (0 healthy). */
  healthcheck(): Promise<number>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export interface StartOptions {
  image: ImageSpec;
  /** The deployed folder: what the image has at its WORKDIR. */
  appDir: string;
  /** Host file standing in for the image's config path (a mount, or the file COPY'd there). */
  configFile: string;
  /** The container's environment on top of the image's ENV. */
  env: Record<string, string>;
}

/** Replaces the image paths in an argv with their host stand-ins. */
function argvFor(image: ImageSpec, configFile: string): string[] {
  const [program, ...args] = [...image.runtime.entrypoint, ...image.runtime.cmd];
  if (program !== 'node') throw new Error(`the image starts "${program}", not node: this test runs node`);
  const configPath = configPathOf(image);
  return args.map((a) => (a === configPath ? configFile : a));
}

export function startImageProcess(o: StartOptions): ImageProcess {
  // Only what a container has: PATH for the shell of HEALTHCHECK-like tools, the image ENV, the run env.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...o.image.runtime.env, ...o.env };
  const proc = spawn(process.execPath, argvFor(o.image, o.configFile), { cwd: o.appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = once(proc, 'exit').then(([code]) => code as number | null);
  const [hcProgram, ...hcArgs] = o.image.runtime.healthcheck.argv;
  return {
    proc,
    output: () => out,
    exited,
    healthcheck: () =>
      new Promise((resolve) => {
        const program = hcProgram === 'node' ? process.execPath : hcProgram!;
        execFile(program, hcArgs, { cwd: o.appDir, env, timeout: 5000 }, (err) => {
          resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
        });
      }),
  };
}

/** Polls the image's HEALTHCHECK until it passes, as Docker does during the start period. */
export async function waitHealthy(p: ImageProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await p.healthcheck()) !== 0) {
    if (p.proc.exitCode !== null) throw new Error(`the server exited (${p.proc.exitCode}):\n${p.output()}`);
    if (Date.now() > end) throw new Error(`HEALTHCHECK did not pass within ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
