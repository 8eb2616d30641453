// The durability guarantee: a real gateway process under concurrent load gets SIGTERM; after it
// exits 0, every answered request is in the ledger and the ledger's total equals the sum of the
// per-request costs the clients saw (x-switchyard-cost-usd, or the stream's usage at the same price).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CostOptionsInput } from '../src/index.js';
import { type DbRow, MOCK_PRICE, mockCost, sqliteRows, streamUsage, tmpDb } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'fixtures', 'ledger-server.mjs');

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

function start(cost: CostOptionsInput): Promise<{ proc: ChildProcess; url: string; exited: Promise<number | null>; logs: string[] }> {
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, COST_OPTIONS: JSON.stringify(cost) },
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

interface Answered {
  id: string;
  cost: number;
  stream: boolean;
}

/** Concurrent workers (1 request in 5 streamed) until the server stops answering; SIGTERM after `killAfter` answers. */
async function load(url: string, proc: ChildProcess, workers: number, killAfter: number) {
  const answered: Answered[] = [];
  let refused = 0;
  let drained503 = 0;
  let incomplete = 0;
  let sent = 0;
  let killed = false;
  const one = async (n: number): Promise<boolean> => {
    const stream = n % 5 === 0;
    const words = Array.from({ length: 3 + (n % 17) }, (_, i) => `w${i}`).join(' ');
    const body = stream
      ? { model: 'stream', messages: [{ role: 'user', content: words }], stream: true, stream_options: { include_usage: true } }
      : { model: 'slow', messages: [{ role: 'user', content: words }] };
    let res: Response;
    try {
      res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      refused++;
      return false;
    }
    const id = res.headers.get('x-request-id') as string;
    const text = await res.text().catch(() => '');
    if (res.status !== 200) {
      // Refused by the draining server before reaching the gateway: never charged.
      if (res.status === 503) drained503++;
      else incomplete++;
      return true;
    }
    if (stream) {
      const usage = streamUsage(text);
      if (!text.trimEnd().endsWith('data: [DONE]') || !usage) {
        incomplete++;
        return true;
      }
      answered.push({ id, cost: mockCost(usage), stream: true });
    } else {
      answered.push({ id, cost: Number(res.headers.get('x-switchyard-cost-usd')), stream: false });
    }
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
  return { answered, refused, drained503, incomplete, sent };
}

async function pgRows(url: string): Promise<DbRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT * FROM switchyard_cost_ledger')).rows;
  } finally {
    await client.end();
  }
}

const round8 = (x: number) => Math.round(x * 1e8) / 1e8;

describe('SIGTERM during load', () => {
  it.each([
    ['sqlite, everything still buffered at SIGTERM', 'sqlite', { batchSize: 5_000, flushIntervalMs: 600_000 }],
    ['postgres, batches of 25 every 100 ms', 'postgres', { batchSize: 25, flushIntervalMs: 100 }],
  ] as const)('%s: the ledger holds every answered request and sums to what clients were charged', async (_name, store, tuning) => {
    const target = store === 'sqlite' ? { store, path: tmpDb() } : { store, url: await postgres.createDatabase() };
    const { proc, url, exited, logs } = await start({ ...target, ...tuning, prices: { 'mock/*': MOCK_PRICE } });
    const { answered, refused, drained503, incomplete, sent } = await load(url, proc, 40, 150);
    expect(await exited, logs.join('')).toBe(0);

    const rows = target.store === 'sqlite' ? sqliteRows(target.path) : await pgRows(target.url);
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    const missing = answered.filter((a) => !byId.has(a.id));
    const clientSum = answered.reduce((s, a) => s + a.cost, 0);
    const ledgerSum = rows.reduce((s, r) => s + Number(r.cost_usd ?? 0), 0);
    console.log(
      `[sigterm:${store}] sent ${sent}, answered ${answered.length} (${answered.filter((a) => a.stream).length} streams), ` +
        `503 while draining ${drained503}, connection refused/reset ${refused}, cut short ${incomplete}; ledger rows ${rows.length}, ` +
        `client sum $${clientSum.toFixed(8)}, ledger sum $${ledgerSum.toFixed(8)}`,
    );

    expect(answered.length).toBeGreaterThanOrEqual(150);
    // Requests in flight at SIGTERM (streams included) were drained, not cut.
    expect(incomplete).toBe(0);
    expect(missing).toEqual([]);
    for (const a of answered) {
      const r = byId.get(a.id) as DbRow;
      expect(r.status).toBe('success');
      expect(Boolean(r.priced)).toBe(true);
      expect(a.stream ? Number(r.cost_usd) : round8(Number(r.cost_usd))).toBeCloseTo(a.cost, 10);
    }
    // Nothing the clients were not answered for was charged: the ledger is exactly the answered set.
    expect(rows.length).toBe(answered.length);
    expect(ledgerSum).toBeCloseTo(clientSum, 6);
  });
});
