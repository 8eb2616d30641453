/**
 * @module The shared ledger: PostgreSQL through a small `pg` pool. Batches are multi-row INSERTs;
 * migrations run under an advisory lock so instances booting together apply each one once.
 */
import pg from 'pg';
import { COLUMNS, type LedgerRow, rowValues } from './ledger-row.js';
import { GROUP_COLUMN, type LedgerStore, MIGRATIONS_TABLE, type ReportQuery, type ReportRow, TABLE, toReportRows } from './ledger-store.js';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
    id BIGSERIAL PRIMARY KEY,
    ts BIGINT NOT NULL,
    request_id TEXT NOT NULL,
    team TEXT NOT NULL,
    user_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    feature TEXT,
    customer TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    endpoint TEXT NOT NULL,
    provider TEXT,
    model TEXT,
    requested_model TEXT,
    status TEXT NOT NULL,
    cache TEXT NOT NULL,
    error_code TEXT,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    usage_estimated BOOLEAN NOT NULL,
    cost_usd DOUBLE PRECISION,
    priced BOOLEAN NOT NULL,
    duration_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ${TABLE}_ts ON ${TABLE} (ts);`,
];

/** Arbitrary constant for `pg_advisory_xact_lock`: "sy-cost". */
const MIGRATION_LOCK = 0x7379636f;
/** Rows per INSERT statement: 23 parameters each stays far below PostgreSQL's 65535 limit. */
const CHUNK = 1_000;

export class PostgresLedgerStore implements LedgerStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string, onError: (err: Error) => void) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', onError);
  }

  async open(): Promise<void> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
      const { rows } = await client.query(`SELECT COALESCE(MAX(version), 0) AS v FROM ${MIGRATIONS_TABLE}`);
      const applied = Number(rows[0]?.v ?? 0);
      for (let i = applied; i < MIGRATIONS.length; i++) {
        await client.query(MIGRATIONS[i] as string);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, applied_at) VALUES ($1, $2)`, [i + 1, Date.now()]);
      }
      await client.query('COMMIT');
    } catch (e) {
      failed = true;
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      // A client that failed mid-transaction may hold a broken connection: discard it.
      client.release(failed);
    }
  }

  async insert(rows: readonly LedgerRow[]): Promise<void> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const params: unknown[] = [];
        const tuples = chunk.map((r) => {
          const base = params.length;
          params.push(...rowValues(r, (b) => b));
          return `(${COLUMNS.map((_, j) => `$${base + j + 1}`).join(', ')})`;
        });
        await client.query(`INSERT INTO ${TABLE} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params);
      }
      await client.query('COMMIT');
    } catch (e) {
      failed = true;
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      // A client that failed mid-transaction may hold a broken connection: discard it.
      client.release(failed);
    }
  }

  async report(q: ReportQuery): Promise<ReportRow[]> {
    const col = GROUP_COLUMN[q.groupBy];
    const { rows } = await this.pool.query(
      `SELECT ${col} AS grp, COUNT(*) AS requests, COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
         COALESCE(SUM(completion_tokens), 0) AS completion_tokens, COALESCE(SUM(cost_usd), 0) AS cost_usd,
         SUM(CASE WHEN priced THEN 0 ELSE 1 END) AS unpriced_requests
       FROM ${TABLE} WHERE ts >= $1 AND ts < $2 GROUP BY ${col}`,
      [q.from, q.to],
    );
    return toReportRows(rows);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
