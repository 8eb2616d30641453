// The durability guarantee: a real gateway process under concurrent load gets SIGTERM; after it exits
// 0, the audit log holds exactly one record per answered request (streams included), on every sink.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditOptionsInput, AuditRecord } from '../src/index.js';
import { sqliteRecords, tmpFile } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'fixtures', 'audit-server.mjs');

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

let postgres: TestPostgres;
beforeAll(async () => {
  expect(existsSync(join(here, '..', 'dist', 'index.js')), 'build the package first (pnpm build)').toBe(true);
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

function start(audit: AuditOptionsInput): Promise<{ proc: ChildProcess; url: string; exited: Promise<number | null>; logs: string[] }> {
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, AUDIT_OPTIONS: JSON.stringify(audit) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(proc);
  const logs: string[] = [];
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line:\n${logs.join('')}`)), 15_000);
    proc.stderr?.on('data', (d) => logs.push(String(d)));
    proc.stdout?.on('data', (d) => {
      logs.push(String(d));
      const m = /LISTENING (http:\/\/\S+)/.exec(String(d));
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], exited, logs });
      }
    });
    void exited.then((code) => reject(new Error(`exited ${code}:\n${logs.join('')}`)));
  });
}

/** Concurrent workers (1 request in 4 streamed) until the server stops answering; SIGTERM after `killAfter` answers. */
async function load(url: string, proc: ChildProcess, workers: number, killAfter: number) {
  const answered: { id: string; stream: boolean }[] = [];
  let incomplete = 0;
  let sent = 0;
  let killed = false;
  const one = async (n: number): Promise<boolean> => {
    const stream = n % 4 === 0;
    const content = Array.from({ length: 3 + (n % 11) }, (_, i) => `w${i}`).join(' ');
    const body = stream
      ? { model: 'stream', messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true } }
      : { model: 'slow', messages: [{ role: 'user', content }] };
    let res: Response;
    try {
      res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      return false;
    }
    const id = res.headers.get('x-request-id') as string;
    const text = await res.text().catch(() => '');
    if (res.status !== 200) {
      // 503 from the draining server: refused before reaching the gateway, so never recorded.
      if (res.status !== 503) incomplete++;
      return true;
    }
    if (stream && !text.trimEnd().endsWith('data: [DONE]')) {
      incomplete++;
      return true;
    }
    answered.push({ id, stream });
    if (!killed && answered.length >= killAfter) {
      killed = true;
      proc.kill('SIGTERM');
    }
    return true;
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (await one(sent++)) {}
    }),
  );
  return { answered, incomplete, sent };
}

async function pgRecords(url: string): Promise<AuditRecord[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT record FROM switchyard_audit')).rows.map((r) => JSON.parse(r.record));
  } finally {
    await client.end();
  }
}

function jsonlRecords(dir: string): { records: AuditRecord[]; files: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const records = files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord),
  );
  return { records, files: files.length };
}

describe('SIGTERM during load', () => {
  it.each([
    ['sqlite, everything still queued at SIGTERM', 'sqlite', { batchSize: 5_000, flushIntervalMs: 600_000 }],
    ['postgres, batches of 25 every 100 ms', 'postgres', { batchSize: 25, flushIntervalMs: 100 }],
    ['jsonl, batches of 40, rotating every 16 KB', 'jsonl', { batchSize: 40, flushIntervalMs: 50, rotateBytes: 16_384 }],
  ] as const)('%s: one record per answered request, none lost', async (_name, store, tuning) => {
    const path = tmpFile(store === 'jsonl' ? 'audit.jsonl' : 'audit.db');
    const target = store === 'postgres' ? { store, url: await postgres.createDatabase() } : { store, path };
    const { proc, url, exited, logs } = await start({ ...target, ...tuning, maxQueue: 100_000 });
    const { answered, incomplete, sent } = await load(url, proc, 40, 150);
    expect(await exited, logs.join('')).toBe(0);

    let records: AuditRecord[];
    let files = 1;
    if (store === 'postgres') records = await pgRecords(target.url as string);
    else if (store === 'jsonl') ({ records, files } = jsonlRecords(dirname(path)));
    else records = sqliteRecords(path);
    const ids = new Set(records.map((r) => r.requestId));
    console.log(
      `[sigterm:${store}] sent ${sent}, answered ${answered.length} (${answered.filter((a) => a.stream).length} streams), cut short ${incomplete}; records ${records.length} in ${files} file(s)`,
    );

    expect(answered.length).toBeGreaterThanOrEqual(150);
    expect(incomplete).toBe(0);
    expect(answered.filter((a) => !ids.has(a.id))).toEqual([]);
    expect(records.length).toBe(answered.length);
    expect(ids.size).toBe(records.length);
    for (const r of records) expect(r.status).toBe('success');
    const streamed = new Set(answered.filter((a) => a.stream).map((a) => a.id));
    for (const r of records.filter((x) => streamed.has(x.requestId))) expect(r.response).not.toBeNull();
    if (store === 'jsonl') expect(files).toBeGreaterThan(1);
  });
});
