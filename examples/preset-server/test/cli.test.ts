// The preset's `switchyard` CLI as a real process: check-config, start on defaults, graceful drain on SIGTERM.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

function tmpConfig(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'sy-preset-')), 'switchyard.yaml');
  writeFileSync(p, text);
  return p;
}

/** Starts the CLI and resolves with its base URL once it logs that it listens. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string; logs: string[] }> {
  const proc = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(proc);
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line:\n${logs.join('')}`)), 15_000);
    proc.stderr?.on('data', (d) => logs.push(String(d)));
    proc.stdout?.on('data', (d) => {
      logs.push(String(d));
      const m = /Switchyard listening on (http:\/\/[^"\s]+)/.exec(String(d));
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], logs });
      }
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}:\n${logs.join('')}`)));
  });
}

describe('switchyard check-config', () => {
  it('accepts the shipped example', () => {
    const r = spawnSync(process.execPath, [BIN, 'check-config', EXAMPLE], { encoding: 'utf8' });
    expect(r.stdout).toContain('OK');
    expect(r.status).toBe(0);
  });
  it('lists every problem with its key path and exits 1', () => {
    const bad = tmpConfig(
      'server: { port: "x" }\nproviders: { m: { type: mock, chunkDelayMs: -1 } }\nmodels: { a: { provider: ghost, model: y } }\nplugins: { nosuchplugin: {} }\n',
    );
    const r = spawnSync(process.execPath, [BIN, 'check-config', bad], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/server\.port/);
    const good = tmpConfig(
      'providers: { m: { type: mock, chunkDelayMs: -1 } }\nmodels: { a: { provider: ghost, model: y } }\nplugins: { nosuchplugin: {} }\n',
    );
    const r2 = spawnSync(process.execPath, [BIN, 'check-config', good], { encoding: 'utf8' });
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/providers\.m\.chunkDelayMs/);
    expect(r2.stderr).toMatch(/models\.a\.targets\[0\]\.provider/);
    expect(r2.stderr).toMatch(/nosuchplugin/);
  });
});

describe('switchyard start', () => {
  it('runs on embedded defaults with no provider keys (mock), answering chat', async () => {
    const { url } = await start(['start'], { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '' });
    const r = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hello preset' }] }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-provider')).toBe('mock');
    expect((await r.json()).choices[0].message.content).toContain('hello preset');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('drains on SIGTERM: the in-flight stream finishes, new connections are refused, exit code 0', async () => {
    const cfg = tmpConfig(
      'server: { port: 0, logLevel: info, drainTimeoutMs: 10000, keepAliveTimeoutMs: 1000 }\nproviders: { m: { type: mock } }\nmodels: { slow: { provider: m, model: "echo+chunks-10+delay-100" } }\n',
    );
    const { proc, url } = await start(['start', '--config', cfg]);
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'slow',
        stream: true,
        messages: [{ role: 'user', content: 'one two three four five six seven eight nine ten' }],
      }),
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    const killedAt = Date.now();
    proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    let text = new TextDecoder().decode(first.value);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(text).toContain('"finish_reason":"stop"');
    expect(await exited).toBe(0);
    // The stream needs ~1 s; the keep-alive connection it leaves closes when its keep-alive timeout
    // (1 s here, told to the client) expires, not after the 10 s drain timeout.
    expect(Date.now() - killedAt).toBeLessThan(4000);
  });
});
