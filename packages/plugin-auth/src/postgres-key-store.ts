/**
 * @module PostgreSQL key store (pg): share keys across gateway instances. The table is created under
 * an advisory lock, so replicas booting together on a fresh database do not race the catalog.
 */

import type { Logger } from '@switchyard/core';
import pg from 'pg';
import type { StoredKey } from './key-record.js';
import { KEY_TABLE, type KeyStore } from './key-store.js';

interface Row {
  id: string;
  hash: string;
  team_name: string;
  user_name: string;
  name: string | null;
  models: string[];
  feature: string | null;
  customer: string | null;
  tags: string[];
  allow_attribution_headers: boolean;
  expires_at: Date | null;
  disabled: boolean;
  created_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, hash, team_name, user_name, name, models, feature, customer, tags, allow_attribution_headers, expires_at, disabled, created_at, revoked_at';

/** Arbitrary constant for `pg_advisory_xact_lock`: "sy-auth". */
const MIGRATION_LOCK = 0x73796175;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${KEY_TABLE} (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  team_name TEXT NOT NULL,
  user_name TEXT NOT NULL,
  name TEXT,
  models JSONB NOT NULL DEFAULT '[]',
  feature TEXT,
  customer TEXT,
  tags JSONB NOT NULL DEFAULT '[]',
  allow_attribution_headers BOOLEAN NOT NULL DEFAULT false,
  expires_at TIMESTAMPTZ,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ
)`;

const time = (d: Date | null): number | undefined => (d ? d.getTime() : undefined);
const date = (ms: number | undefined): Date | null => (ms === undefined ? null : new Date(ms));

function fromRow(r: Row): StoredKey {
  return {
    id: r.id,
    hash: r.hash,
    team: r.team_name,
    user: r.user_name,
    name: r.name ?? undefined,
    models: r.models,
    feature: r.feature ?? undefined,
    customer: r.customer ?? undefined,
    tags: r.tags,
    allowAttributionHeaders: r.allow_attribution_headers,
    expiresAt: time(r.expires_at),
    disabled: r.disabled,
    createdAt: time(r.created_at),
    revokedAt: time(r.revoked_at),
  };
}

export class PostgresKeyStore implements KeyStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string, logger: Logger) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', (err) => logger.warn({ msg: err.message }, 'auth: PostgreSQL key store connection error'));
  }

  async open(): Promise<void> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      // CREATE TABLE IF NOT EXISTS is not safe against itself: two sessions both see no table and
      // both insert its row type (duplicate key in pg_type). The lock makes them take turns.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(CREATE_TABLE);
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

  async get(id: string): Promise<StoredKey | undefined> {
    const r = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${KEY_TABLE} WHERE id = $1`, [id]);
    const row = r.rows[0];
    return row ? fromRow(row) : undefined;
  }

  async insert(k: StoredKey): Promise<void> {
    await this.pool.query(`INSERT INTO ${KEY_TABLE} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [
      k.id,
      k.hash,
      k.team,
      k.user,
      k.name ?? null,
      JSON.stringify(k.models),
      k.feature ?? null,
      k.customer ?? null,
      JSON.stringify(k.tags),
      k.allowAttributionHeaders,
      date(k.expiresAt),
      k.disabled,
      date(k.createdAt),
      date(k.revokedAt),
    ]);
  }

  async list(): Promise<StoredKey[]> {
    const r = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${KEY_TABLE} ORDER BY created_at, id`);
    return r.rows.map(fromRow);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const r = await this.pool.query(`UPDATE ${KEY_TABLE} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [new Date(at), id]);
    return (r.rowCount ?? 0) > 0;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
