/**
 * @module The shared audit log: PostgreSQL through a small `pg` pool. Batches are multi-row INSERTs in
 * one transaction; migrations run under a transaction-scoped advisory lock so replicas booting
 * together apply each one exactly once.
 */
import pg from 'pg';
import type { AuditRecord } from '../capture/audit-record.js';
import { type AuditQuery, type AuditRow, type AuditSink, COLUMNS, MIGRATIONS_TABLE, rowValues, TABLE, whereClause } from './audit-sink.js';

/** Ordered schema migrations; never edit a shipped one, append a new version. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
    id BIGSERIAL PRIMARY KEY,
    ts BIGINT NOT NULL,
    request_id TEXT NOT NULL,
    team TEXT NOT NULL,
    alias TEXT NOT NULL,
    status TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    capture TEXT NOT NULL,
    replay_of TEXT,
    record TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ${TABLE}_ts ON ${TABLE} (ts);
  CREATE INDEX IF NOT EXISTS ${TABLE}_request_id ON ${TABLE} (request_id);`,
];

/** Arbitrary constant for `pg_advisory_xact_lock`: "sy-audit". */
const MIGRATION_LOCK = 0x73796175;
/** Rows per INSERT statement: 9 parameters each stays far below PostgreSQL's 65535 limit. */
const CHUNK = 1_000;

export class PostgresAuditSink implements AuditSink {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string, onError: (err: Error) => void) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', onError);
  }

  /** Runs `fn` in a transaction; a client that failed mid-transaction is discarded, not reused. */
  private async transaction(fn: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      await fn(client);
      await client.query('COMMIT');
    } catch (e) {
      failed = true;
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release(failed);
    }
  }

  open(): Promise<void> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
      const { rows } = await client.query(`SELECT COALESCE(MAX(version), 0) AS v FROM ${MIGRATIONS_TABLE}`);
      const applied = Number(rows[0]?.v ?? 0);
      for (let i = applied; i < MIGRATIONS.length; i++) {
        await client.query(MIGRATIONS[i] as string);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, applied_at) VALUES ($1, $2)`, [i + 1, Date.now()]);
      }
    });
  }

  insert(rows: readonly AuditRow[]): Promise<void> {
    return this.transaction(async (client) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const params: unknown[] = [];
        const tuples = rows.slice(i, i + CHUNK).map((r) => {
          const base = params.length;
          params.push(...rowValues(r));
          return `(${COLUMNS.map((_, j) => `$${base + j + 1}`).join(', ')})`;
        });
        await client.query(`INSERT INTO ${TABLE} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params);
      }
    });
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    const { rows } = await this.pool.query(`SELECT record FROM ${TABLE} WHERE request_id = $1 ORDER BY id DESC LIMIT 1`, [requestId]);
    return rows[0] ? (JSON.parse(rows[0].record) as AuditRecord) : undefined;
  }

  async list(q: AuditQuery): Promise<AuditRecord[]> {
    const where = whereClause(q, (i) => `$${i}`);
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const { rows } = await this.pool.query(
      `SELECT record FROM ${TABLE} ${where.sql} ORDER BY ts ${dir}, id ${dir} LIMIT $${where.params.length + 1}`,
      [...where.params, q.limit],
    );
    return rows.map((r) => JSON.parse(r.record) as AuditRecord);
  }

  async sweep(before: number, batch: number): Promise<number> {
    const res = await this.pool.query(
      `DELETE FROM ${TABLE} WHERE id IN (SELECT id FROM ${TABLE} WHERE ts < $1 ORDER BY ts LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, batch],
    );
    return res.rowCount ?? 0;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
