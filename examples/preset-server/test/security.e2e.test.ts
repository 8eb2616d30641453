// The issue-8 probes against the preset with its real plugins: the `switchyard` CLI as a process where the
// network matters (413 read by the SDK, count_tokens timing, open access, check-config), in-process otherwise.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchyardServer } from '@switchyard/server';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createPresetServer } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'bin', 'switchyard.js');
const ADMIN = 'test-admin-key-0123456789abcdef-0123456789';

const procs: ChildProcess[] = [];
const servers: SwitchyardServer[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  while (servers.length) await servers.pop()?.close();
});

function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'sy-sec-'));
}

function tmpConfig(text: string, dir = tmpDir()): string {
  const p = join(dir, 'switchyard.yaml');
  writeFileSync(p, text);
  return p;
}

/** Starts the CLI; resolves with its base URL once it listens, or rejects with its output when it exits. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string; logs: string[] }> {
  const proc = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(proc);
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line:\n${logs.join('')}`)), 15_000);
    const onData = (d: Buffer) => {
      logs.push(String(d));
      const m = /Switchyard listening on (http:\/\/[^"\s]+)/.exec(String(d));
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], logs });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${logs.join('')}`));
    });
  });
}

const MOCK_ONLY =
  'server: { port: 0, logLevel: info }\nproviders: { mock: { type: mock } }\nmodels: { fast: { provider: mock, model: echo } }\n';

function cjkRun(n: number): string {
  let x = 3;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(String.fromCharCode(0x4e00 + (x % 20000)));
  }
  return out.join('');
}

describe('the official SDK reads a 413', () => {
  it('a 70 MB body: APIError 413 request_too_large, not "Connection error" and retries', async () => {
    const { url } = await start(['start', '--config', tmpConfig(MOCK_ONLY)]);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 2 });
    for (const size of [12e6, 70e6]) {
      const err = await client.chat.completions
        .create({ model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(size) }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err).not.toBeInstanceOf(OpenAI.APIConnectionError);
      expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
      expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('request_too_large');
    }
    // A plain fetch of a raw 70 MB body too (it saw EPIPE when the socket closed under the upload).
    const r = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(70e6),
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
  }, 60_000);
});

describe('count_tokens in a running preset', () => {
  /** GET on a fresh connection each time, so a probe never races a keep-alive close. */
  const healthz = (url: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get(`${url}/healthz`, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });

  it('3M characters of CJK and of one letter: answered within a second each, /healthz answering meanwhile', async () => {
    const { url } = await start(['start', '--config', tmpConfig(MOCK_ONLY)]);
    const body = (content: string) => Buffer.from(JSON.stringify({ model: 'fast', messages: [{ role: 'user', content }] }));
    const count = (b: Buffer) =>
      fetch(`${url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
    // The tokenizer loads on first need; warm it (and the code paths) before timing a running server.
    await (await count(body(cjkRun(500_000)))).text();
    for (const text of [cjkRun(3_000_000), 'a'.repeat(3_000_000)]) {
      const b = body(text);
      // Best of three: the machine is shared with other test files; the quadratic tokenizer took minutes every time.
      let best = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 3 && best >= 1000; attempt++) {
        let done = false;
        let answered = 0;
        const probe = (async () => {
          while (!done) {
            if ((await healthz(url)) === 200) answered++;
            await new Promise((r) => setTimeout(r, 20));
          }
        })();
        const t0 = performance.now();
        const r = await count(b);
        const json = (await r.json()) as { input_tokens: number };
        const ms = performance.now() - t0;
        done = true;
        await probe;
        expect(r.status).toBe(200);
        expect(json.input_tokens).toBeGreaterThan(text.length / 10);
        expect(answered).toBeGreaterThan(0);
        best = Math.min(best, ms);
      }
      expect(best).toBeLessThan(1000);
    }
  }, 120_000);
});

describe('open access', () => {
  it('the built-in defaults (anonymous allowed) refuse to start on 0.0.0.0, naming allowOpenAccess', async () => {
    await expect(start(['start'], { HOST: '0.0.0.0', SWITCHYARD_DATA_DIR: tmpDir() })).rejects.toThrow(/exited 1[\s\S]*allowOpenAccess/);
  });

  it('starts on 0.0.0.0 when auth requires keys; then /v1/models and count_tokens need one too', async () => {
    const dir = tmpDir();
    const cfg = tmpConfig(
      `${MOCK_ONLY}plugins:\n  auth: { allowAnonymous: false, sqlitePath: ${join(dir, 'auth.db')}, adminKey: ${ADMIN} }\n`,
      dir,
    );
    const { url } = await start(['start', '--config', cfg, '--host', '0.0.0.0']);
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}/v1/models`)).status).toBe(401);
    const c = await fetch(`${local}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(c.status).toBe(401);
  });
});

describe('the README quick start with the openai SDK', () => {
  it('a placeholder key is refused even with anonymous access; a key from `switchyard keys create` works', async () => {
    const env = { SWITCHYARD_DATA_DIR: tmpDir(), OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '' };
    const { url } = await start(['start'], env);
    const placeholder = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused-without-auth', maxRetries: 0 });
    const refused = await placeholder.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    const created = spawnSync(process.execPath, [BIN, 'keys', 'create', '--team', 'me', '--user', 'me'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).toBe(0);
    const key = /sy-[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
    expect(key).toBeDefined();
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key as string, maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0]?.message.content).toContain('hi');
  }, 30_000);
});

describe('switchyard check-config runs no code from the config', () => {
  it('locates plugin and provider paths without importing them; --load-plugins imports them and says so', () => {
    const dir = tmpDir();
    const marker = join(dir, 'executed');
    const evil = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`;
    writeFileSync(join(dir, 'evil-plugin.mjs'), evil);
    writeFileSync(join(dir, 'evil-provider.mjs'), evil);
    const cfg = tmpConfig(
      `${MOCK_ONLY.replace('providers: { mock: { type: mock } }', 'providers: { mock: { type: mock }, x: { type: ./evil-provider.mjs } }')}plugins:\n  ./evil-plugin.mjs: {}\n`,
      dir,
    );
    const checked = spawnSync(process.execPath, [BIN, 'check-config', cfg], { encoding: 'utf8', cwd: dir });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toMatch(/not loaded.*--load-plugins/);
    expect(existsSync(marker)).toBe(false);
    const loaded = spawnSync(process.execPath, [BIN, 'check-config', cfg, '--load-plugins'], { encoding: 'utf8', cwd: dir });
    expect(loaded.stderr).toMatch(/--load-plugins: importing/);
    expect(existsSync(marker)).toBe(true);
    expect(loaded.status).toBe(1);
  });
});

describe('governed preset, in-process', () => {
  const governed = (dir: string, extra: Record<string, unknown> = {}) => ({
    server: { port: 0, logLevel: 'silent' as const, keepAliveTimeoutMs: 1000, ...extra },
    providers: { mock: { type: 'mock' } },
    models: { fast: { provider: 'mock', model: 'echo' }, slow: { provider: 'mock', model: 'echo+chunks-50+delay-100' } },
    plugins: {
      auth: { allowAnonymous: true, adminKey: ADMIN, sqlitePath: join(dir, 'auth.db') },
      quota: { store: 'memory', limits: [{ scope: 'global', concurrent: 2 }] },
      cost: { store: 'sqlite', path: join(dir, 'ledger.db') },
    },
  });

  it('100 model names outside Latin-1 or with control characters: the real quota concurrency limit still admits', async () => {
    const server = await createPresetServer(governed(tmpDir()));
    servers.push(server);
    const url = await server.listen();
    const names = ['モデル', 'bell\u0007', 'ünï\tcödé', '🚀\nrocket'];
    for (let i = 0; i < 100; i += 2) {
      await Promise.all(
        [i, i + 1].map(async (j) => {
          const r = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: `mock/${names[j % 4]}-${j}`, stream: j % 4 < 2, messages: [{ role: 'user', content: 'x' }] }),
          });
          expect(r.status).toBe(200);
          await r.text();
        }),
      );
      // Quota settles in `complete`, just after the reply.
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 100));
    const after = await Promise.all(
      [0, 1].map(() =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'still admitted' }] }),
        }),
      ),
    );
    expect(after.map((r) => r.status)).toEqual([200, 200]);
  }, 60_000);

  it('a stream cut at drainTimeoutMs is in the cost ledger', async () => {
    const dir = tmpDir();
    const server = await createPresetServer(governed(dir, { drainTimeoutMs: 300 }));
    const url = await server.listen();
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'one two three four five' }] }),
    });
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await server.close();
    await reader.read().catch(() => undefined);
    const reopened = await createPresetServer(governed(dir));
    servers.push(reopened);
    const again = await reopened.listen();
    const report = await fetch(`${again}/admin/usage?group_by=model`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const body = (await report.json()) as { totals: { requests: number } };
    expect(body.totals.requests).toBe(1);
  }, 30_000);
});
