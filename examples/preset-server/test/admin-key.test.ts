// The preset has no default admin key: `switchyard start` on the shipped example (or the built-in
// defaults) starts with /admin/* refused; a short or example admin key stops the start with a coded
// error naming the key path; a proper key opens /admin/*.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'bin', 'switchyard.js');
const EXAMPLE = join(here, '..', 'switchyard.example.yaml');

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

interface Started {
  url: string | undefined;
  code: number | null;
  output: string;
}

/** Runs the CLI in a fresh directory (its ./data stays there) until it listens or exits. */
function start(args: string[], adminKey: string | undefined): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    OPENAI_API_KEY: '',
    ANTHROPIC_API_KEY: '',
    GEMINI_API_KEY: '',
    GOOGLE_API_KEY: '',
  };
  if (adminKey === undefined) delete env.SWITCHYARD_ADMIN_KEY;
  else env.SWITCHYARD_ADMIN_KEY = adminKey;
  const proc = spawn(process.execPath, [BIN, ...args], {
    env,
    cwd: mkdtempSync(join(tmpdir(), 'sy-admin-')),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(proc);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`neither listening nor exited:\n${output}`)), 15_000);
    const onData = (d: Buffer) => {
      output += String(d);
      const m = /Switchyard listening on (http:\/\/[^"\s]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], code: null, output });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ url: undefined, code, output });
    });
  });
}

const usage = (url: string, key: string) => fetch(`${url}/admin/usage`, { headers: { authorization: `Bearer ${key}` } });

describe('preset admin key', () => {
  it.each([
    ['the shipped example config', ['start', '--config', EXAMPLE]],
    ['the built-in defaults', ['start']],
  ])('%s starts without an admin key and refuses /admin/* (the old default key included)', async (_what, args) => {
    const s = await start(args, undefined);
    expect(s.url, s.output).toBeDefined();
    const url = s.url as string;
    for (const key of ['example-admin-key-change-me', '']) expect((await usage(url, key)).status).toBe(401);
    const chat = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(200);
  });

  it.each([
    ['shorter than 32 bytes', 'sixteen-chars-ok', /at least 32 bytes/],
    ['the old example default', 'example-admin-key-change-me', /example value from the documentation/],
  ])('refuses to start with an admin key %s, naming plugins.auth.adminKey', async (_what, key, reason) => {
    const s = await start(['start', '--config', EXAMPLE], key);
    expect(s.url).toBeUndefined();
    expect(s.code).not.toBe(0);
    expect(s.output).toContain('plugins.auth.adminKey');
    expect(s.output).toMatch(reason);
    expect(s.output).not.toContain(key);
  });

  it('opens /admin/* with a key of 32 bytes or more', async () => {
    const key = 'a-proper-admin-key-of-more-than-32-bytes';
    const s = await start(['start', '--config', EXAMPLE], key);
    expect(s.url, s.output).toBeDefined();
    expect((await usage(s.url as string, key)).status).toBe(200);
    expect((await usage(s.url as string, `${key}x`)).status).toBe(401);
  });
});
