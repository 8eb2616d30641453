// Replicas booting together on one fresh ledger: every process comes up, migrations apply once, and
// no row is lost (PostgreSQL: an advisory lock; SQLite: busy timeout and an immediate transaction).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostOptionsInput } from '../src/index.js';
import { sqliteRows, tmpDb } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const REPLICA = join(here, 'fixtures', 'ledger-replica.mjs');

let postgres: TestPostgres;
beforeAll(async () => {
  expect(existsSync(join(here, '..', 'dist', 'index.js')), 'build the package first (pnpm build)').toBe(true);
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** Starts `n` replica processes that all boot at the same instant; resolves with what each printed and its exit code. */
function replicas(n: number, cost: CostOptionsInput): Promise<{ out: string; code: number | null }[]> {
  const env = { ...process.env, COST_OPTIONS: JSON.stringify(cost), START_AT: String(Date.now() + 2_000) };
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<{ out: string; code: number | null }>((resolve) => {
          const proc = spawn(process.execPath, [REPLICA], { env });
          let out = '';
          proc.stdout.on('data', (d) => {
            out += String(d);
          });
          proc.stderr.on('data', (d) => {
            out += String(d);
          });
          proc.on('exit', (code) => resolve({ out, code }));
        }),
    ),
  );
}

describe('replicas booting together', () => {
  it('PostgreSQL: four processes on a fresh database all come up and migrate once', async () => {
    const url = await postgres.createDatabase();
    for (const r of await replicas(4, { store: 'postgres', url })) expect(r, r.out).toMatchObject({ code: 0, out: 'READY\n' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT version FROM switchyard_cost_ledger_migrations')).rows).toEqual([{ version: 1 }]);
      expect((await client.query('SELECT count(*)::int AS n FROM switchyard_cost_ledger')).rows).toEqual([{ n: 4 }]);
    } finally {
      await client.end();
    }
  });

  it('SQLite: four processes on one fresh file all come up and migrate once', async () => {
    const path = tmpDb();
    for (const r of await replicas(4, { store: 'sqlite', path })) expect(r, r.out).toMatchObject({ code: 0, out: 'READY\n' });
    expect(sqliteRows(path)).toHaveLength(4);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT version FROM switchyard_cost_ledger_migrations').all()).toEqual([{ version: 1 }]);
    } finally {
      db.close();
    }
  });
});
