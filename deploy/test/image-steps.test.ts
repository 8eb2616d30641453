/**
 * @module The image's install and start steps, replayed from deploy/Dockerfile in a temporary
 * folder: the build stage's `pnpm ... deploy` (production dependencies only), then the runtime
 * stage's ENTRYPOINT + CMD with its WORKDIR and ENV, checked with its own HEALTHCHECK and stopped
 * with its STOPSIGNAL. Once with the config baked into the image (SQLite), once with compose's
 * (Redis, PostgreSQL and a fake OpenAI upstream). Needs the workspace built (`pnpm build`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type FakeUpstream,
  freePort,
  httpJson,
  postJson,
  startFakeOpenAI,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '@switchyard/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configPathOf, type ImageSpec, readImage } from './support/dockerfile.js';
import { type ImageProcess, startImageProcess, waitHealthy } from './support/image-process.js';
import { readCompose } from './support/manifests.js';
import { deployDir, readRepoJson, repoRoot } from './support/repo.js';
import { dependencySets, installedPackages } from './support/workspace.js';

const run = promisify(execFile);
const DEPLOY_TIMEOUT_MS = 120_000;
const adminKey = randomBytes(32).toString('base64url');
const chat = (model: string, content: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});

let image: ImageSpec;
let tmp: string;
let appDir: string;
const running: ImageProcess[] = [];

/** The workspace's own pnpm first on PATH: the version the Dockerfile pins (checked below). */
const pnpmEnv = () => ({ ...process.env, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}` });

beforeAll(async () => {
  image = readImage();
  if (!existsSync(join(repoRoot, 'examples/preset-server/dist/index.js'))) {
    throw new Error('the workspace is not built: run `pnpm build` first (the image builds before it deploys)');
  }
  tmp = mkdtempSync(join(tmpdir(), 'sy-image-'));
  appDir = join(tmp, 'app');
  // The build stage's WORKDIR holds the whole built workspace: here, the repository itself.
  const { command, target } = image.deploy;
  const replayed = `${command.slice(0, command.lastIndexOf(target))}${appDir}`;
  try {
    await run('sh', ['-c', replayed], { cwd: repoRoot, env: pnpmEnv(), timeout: DEPLOY_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`the Dockerfile's deploy step failed: ${replayed}\n${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}, DEPLOY_TIMEOUT_MS + 10_000);

afterAll(async () => {
  for (const p of running) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The host file that the image's config path holds: the COPY source for the baked config. */
function bakedConfigFile(): string {
  const copy = image.runtime.copies.find((c) => c.dest === configPathOf(image));
  if (!copy) throw new Error(`no COPY puts a config at ${configPathOf(image)}`);
  return join(repoRoot, copy.src);
}

function start(configFile: string, env: Record<string, string>): ImageProcess {
  const p = startImageProcess({ image, appDir, configFile, env });
  running.push(p);
  return p;
}

async function stop(p: ImageProcess): Promise<number | null> {
  p.proc.kill(image.runtime.stopSignal as NodeJS.Signals);
  return p.exited;
}

async function createKey(base: string): Promise<string> {
  const created = await postJson(`${base}/admin/keys`, { team: 'ops', user: 'deploy-test' }, { authorization: `Bearer ${adminKey}` });
  expect(created.status, created.text).toBe(201);
  return created.json.key as string;
}

describe('Dockerfile: install step', () => {
  it('runs the pinned pnpm version of the workspace', async () => {
    const { stdout } = await run('pnpm', ['--version'], { env: pnpmEnv() });
    expect(image.args.PNPM_VERSION).toBe(readRepoJson('package.json').devDependencies.pnpm);
    expect(stdout.trim()).toBe(image.args.PNPM_VERSION);
  });

  it('pnpm deploy --prod installs the production closure of the preset server and no development dependency', () => {
    const installed = installedPackages(appDir);
    const { prod, devOnly } = dependencySets('@switchyard/preset-server');
    expect([...prod].filter((d) => !installed.has(d))).toEqual([]);
    expect([...devOnly].filter((d) => installed.has(d))).toEqual([]);
    for (const dev of ['vitest', 'typescript', '@biomejs/biome', '@switchyard/testkit', 'openai'])
      expect(installed.has(dev), dev).toBe(false);
    // The native SQLite addon is built in the deployed tree (from pnpm's side-effects cache when warm).
    const sqlite = readdirSync(join(appDir, 'node_modules/.pnpm')).find((e) => e.startsWith('better-sqlite3@'));
    expect(existsSync(join(appDir, 'node_modules/.pnpm', sqlite!, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(
      true,
    );
  });
});

describe('Dockerfile: start step with the config baked into the image', () => {
  it('needs a key, answers a chat completion, records it in SQLite on the data volume, and exits 0 on STOPSIGNAL', async () => {
    const dataDir = join(tmp, 'data'); // the volume mounted at the image's SWITCHYARD_DATA_DIR
    mkdirSync(dataDir);
    const appBefore = readdirSync(appDir).sort();
    const port = await freePort();
    const p = start(bakedConfigFile(), { PORT: String(port), SWITCHYARD_DATA_DIR: dataDir, SWITCHYARD_ADMIN_KEY: adminKey });
    await waitHealthy(p, 20_000);
    const base = `http://127.0.0.1:${port}`;

    const anonymous = await postJson(`${base}/v1/chat/completions`, chat('mock', 'no key'));
    expect(anonymous.status).toBe(401);
    const key = await createKey(base);
    const ok = await postJson(`${base}/v1/chat/completions`, chat('mock', 'hello from the image'), { authorization: `Bearer ${key}` });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.choices[0].message.content).toBe('hello from the image');
    const usage = await httpJson(`${base}/admin/usage?group_by=team`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(usage.json.rows.find((r: { group: string }) => r.group === 'ops')?.requests, usage.text).toBe(1);

    expect(await stop(p)).toBe(0);
    expect(p.output()).toContain('"msg":"stopped"');
    expect(await p.healthcheck()).not.toBe(0);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.db')).length).toBeGreaterThanOrEqual(2);
    // The image's WORKDIR is not writable by the server's user: nothing may be written there.
    expect(readdirSync(appDir).sort()).toEqual(appBefore);
  }, 60_000);
});

describe('Dockerfile: start step with the compose config', () => {
  let redis: TestRedis;
  let postgres: TestPostgres;
  let upstream: FakeUpstream;
  let databaseUrl: string;

  beforeAll(async () => {
    [redis, postgres, upstream] = await Promise.all([startRedis(), startPostgres(), startFakeOpenAI({ mock: { chunkDelayMs: 150 } })]);
    databaseUrl = await postgres.createDatabase();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), postgres?.stop(), upstream?.close()]);
  });

  it('shares Redis and PostgreSQL, and a stream in flight at STOPSIGNAL finishes and is in the ledger', async () => {
    const gateway = readCompose().services.gateway;
    const mount = (gateway.volumes as string[]).map((v) => v.split(':')).find(([, target]) => target === configPathOf(image));
    expect(mount, `compose mounts no config at ${configPathOf(image)}`).toBeDefined();
    // The variables compose gives the container, with this machine's services in place of compose's.
    const values: Record<string, string> = {
      SWITCHYARD_ADMIN_KEY: adminKey,
      OPENAI_API_KEY: 'sk-deploy-test',
      REDIS_URL: redis.url,
      DATABASE_URL: databaseUrl,
    };
    const env: Record<string, string> = {};
    for (const name of Object.keys(gateway.environment)) {
      if (!(name in values)) throw new Error(`compose gives the gateway ${name}: this test has no value for it`);
      env[name] = values[name]!;
    }
    const port = await freePort();
    const p = start(join(deployDir, mount![0]!), { ...env, PORT: String(port), OPENAI_BASE_URL: upstream.baseUrl });
    await waitHealthy(p, 20_000);
    const base = `http://127.0.0.1:${port}`;
    const ready = await httpJson(`${base}/readyz`);
    expect(ready.json.status, ready.text).toBe('ready');
    expect(Object.keys(ready.json.checks)).toEqual(expect.arrayContaining(['quota-redis', 'cost-ledger']));

    const key = await createKey(base);
    const auth = { authorization: `Bearer ${key}` };
    const ok = await postJson(`${base}/v1/chat/completions`, chat('fast', 'through openai'), auth);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers.get('x-switchyard-provider')).toBe('openai');
    expect(ok.headers.get('x-ratelimit-limit-requests')).not.toBeNull();
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer sk-deploy-test');

    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'drain-stream-1', ...auth },
      body: JSON.stringify(chat('fast', 'one two three four five six seven eight', { stream: true })),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let body = decoder.decode((await reader.read()).value);
    const exited = stop(p); // mid-stream
    for (let r = await reader.read(); !r.done; r = await reader.read()) body += decoder.decode(r.value);
    expect(body).toContain('data: [DONE]');
    expect(body).toContain('eight');
    expect(await exited).toBe(0);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = await client.query('SELECT request_id, status FROM switchyard_cost_ledger ORDER BY id');
      expect(rows.rows.map((r) => r.status)).toEqual(['success', 'success']);
      expect(rows.rows[1].request_id).toBe('drain-stream-1');
    } finally {
      await client.end();
    }
  }, 60_000);
});
