// Replicas booting together on one fresh database: every instance must come up, and the schema must
// be created once (PostgreSQL: an advisory lock; SQLite: a busy timeout set before any locking pragma).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthOptionsInput } from '../src/index.js';
import { PostgresKeyStore } from '../src/postgres-key-store.js';
import { request, startAuthServer, tempDir } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const OPEN_STORE = join(here, 'fixtures', 'open-store.mjs');
const ADMIN_KEY = 'concurrent-boot-admin-key-0123456789abcdef';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** Boots one gateway process with these auth options; resolves with what it printed and its exit code. */
function bootProcess(auth: AuthOptionsInput, startAt: number): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    const env = { ...process.env, AUTH_OPTIONS: JSON.stringify(auth), START_AT: String(startAt) };
    const proc = spawn(process.execPath, [OPEN_STORE], { env });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += String(d);
    });
    proc.stderr.on('data', (d) => {
      out += String(d);
    });
    proc.on('exit', (code) => resolve({ out, code }));
  });
}

describe('replicas booting together', () => {
  it('PostgreSQL: eight stores migrating at the same instant on a fresh database all open and share one table', async () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    for (let round = 0; round < 4; round++) {
      const url = await postgres.createDatabase();
      const stores = Array.from({ length: 8 }, () => new PostgresKeyStore(url, logger));
      try {
        // Connected first, so the CREATE TABLE statements really race.
        await Promise.all(stores.map((s) => s.ping()));
        const opened = await Promise.allSettled(stores.map((s) => s.open()));
        expect(opened.filter((r) => r.status === 'rejected')).toEqual([]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'switchyard_auth_keys'");
      await client.end();
      expect(rows).toEqual([{ n: 1 }]);
    }
  });

  it('PostgreSQL: gateway instances booting together serve one key set', async () => {
    const url = await postgres.createDatabase();
    const auth = { store: 'postgres' as const, postgresUrl: url, adminKey: ADMIN_KEY };
    const servers = await Promise.all(Array.from({ length: 4 }, () => startAuthServer(auth)));
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    try {
      const created = await request(`${servers[0]?.url}/admin/keys`, { headers: admin, body: { team: 't', user: 'u' } });
      expect(created.status).toBe(201);
      for (const s of servers) {
        const list = await request(`${s.url}/admin/keys`, { headers: admin });
        expect(list.json.data.map((k: { id: string }) => k.id)).toEqual([created.json.id]);
      }
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('SQLite: four processes opening one fresh file at the same instant all come up', async () => {
    expect(existsSync(join(here, '..', 'dist', 'index.js')), 'build the package first (pnpm build)').toBe(true);
    const sqlitePath = join(tempDir(), 'keys.db');
    const startAt = Date.now() + 2_000;
    const results = await Promise.all(Array.from({ length: 4 }, () => bootProcess({ store: 'sqlite', sqlitePath }, startAt)));
    for (const r of results) expect(r, r.out).toMatchObject({ code: 0, out: 'READY\n' });
  });
});
