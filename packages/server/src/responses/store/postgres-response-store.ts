/**
 * @module The PostgreSQL response store, shared by every instance: one row per record keyed by
 * (tenant, id) with its JSON and expiry. Expired rows are invisible to reads and swept periodically.
 */
import type { Logger } from '@switchyard/core';
import pg from 'pg';
import type { ResponseStore, StoredResponse } from './response-store.js';

const SWEEP_MS = 10 * 60_000;

export class PostgresResponseStore implements ResponseStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private sweeper: NodeJS.Timeout | undefined;

  /** `table` is checked against /^[a-z_][a-z0-9_]*$/ by the config schema: it is part of the SQL. */
  constructor(
    url: string,
    private readonly table: string,
    timeoutMs: number,
    logger: Logger,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', (err) => logger.warn({ msg: err.message }, 'responses: PostgreSQL store connection error'));
  }

  async open(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
      tenant TEXT NOT NULL,
      id TEXT NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      body JSONB NOT NULL,
      PRIMARY KEY (tenant, id)
    )`);
    await this.pool.query(`CREATE INDEX IF NOT EXISTS ${this.table}_expires_at ON ${this.table} (expires_at)`);
    this.sweeper = setInterval(() => {
      this.pool.query(`DELETE FROM ${this.table} WHERE expires_at < now()`).catch(() => {});
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  async get(tenant: string, id: string): Promise<StoredResponse | undefined> {
    const r = await this.pool.query<{ body: StoredResponse }>(
      `SELECT body FROM ${this.table} WHERE tenant = $1 AND id = $2 AND expires_at > now()`,
      [tenant, id],
    );
    return r.rows[0]?.body;
  }

  async put(record: StoredResponse, serialized: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (tenant, id, expires_at, body) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (tenant, id) DO UPDATE SET expires_at = EXCLUDED.expires_at, body = EXCLUDED.body`,
      [record.tenant, record.id, new Date(record.expiresAt), serialized],
    );
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM ${this.table} WHERE tenant = $1 AND id = $2 AND expires_at > now()`, [tenant, id]);
    return (r.rowCount ?? 0) > 0;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.pool.end();
  }
}
