/** @module SQLite key store (better-sqlite3): the embedded default, one file per deployment, WAL so the CLI and a running server can share it. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { StoredKey } from './key-record.js';
import { KEY_TABLE, type KeyStore } from './key-store.js';

interface Row {
  id: string;
  hash: string;
  team_name: string;
  user_name: string;
  name: string | null;
  models: string;
  feature: string | null;
  customer: string | null;
  tags: string;
  allow_attribution_headers: number;
  expires_at: number | null;
  disabled: number;
  created_at: number | null;
  revoked_at: number | null;
}

const COLUMNS =
  'id, hash, team_name, user_name, name, models, feature, customer, tags, allow_attribution_headers, expires_at, disabled, created_at, revoked_at';

function fromRow(r: Row): StoredKey {
  return {
    id: r.id,
    hash: r.hash,
    team: r.team_name,
    user: r.user_name,
    name: r.name ?? undefined,
    models: JSON.parse(r.models) as string[],
    feature: r.feature ?? undefined,
    customer: r.customer ?? undefined,
    tags: JSON.parse(r.tags) as string[],
    allowAttributionHeaders: r.allow_attribution_headers === 1,
    expiresAt: r.expires_at ?? undefined,
    disabled: r.disabled === 1,
    createdAt: r.created_at ?? undefined,
    revokedAt: r.revoked_at ?? undefined,
  };
}

export class SqliteKeyStore implements KeyStore {
  readonly kind = 'sqlite';
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    if (this.db) return;
    const memory = this.path === ':memory:';
    if (!memory) mkdirSync(dirname(resolve(this.path)), { recursive: true });
    const db = new Database(this.path);
    // Before anything that locks: another process opening the same file waits instead of failing.
    db.pragma('busy_timeout = 5000');
    if (!memory) db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS ${KEY_TABLE} (
      id TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      team_name TEXT NOT NULL,
      user_name TEXT NOT NULL,
      name TEXT,
      models TEXT NOT NULL DEFAULT '[]',
      feature TEXT,
      customer TEXT,
      tags TEXT NOT NULL DEFAULT '[]',
      allow_attribution_headers INTEGER NOT NULL DEFAULT 0,
      expires_at INTEGER,
      disabled INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER,
      revoked_at INTEGER
    )`);
    this.db = db;
  }

  private conn(): Database.Database {
    if (!this.db) throw new Error('SQLite key store is not open');
    return this.db;
  }

  async get(id: string): Promise<StoredKey | undefined> {
    const row = this.conn().prepare(`SELECT ${COLUMNS} FROM ${KEY_TABLE} WHERE id = ?`).get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async insert(k: StoredKey): Promise<void> {
    this.conn()
      .prepare(`INSERT INTO ${KEY_TABLE} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        k.id,
        k.hash,
        k.team,
        k.user,
        k.name ?? null,
        JSON.stringify(k.models),
        k.feature ?? null,
        k.customer ?? null,
        JSON.stringify(k.tags),
        k.allowAttributionHeaders ? 1 : 0,
        k.expiresAt ?? null,
        k.disabled ? 1 : 0,
        k.createdAt ?? null,
        k.revokedAt ?? null,
      );
  }

  async list(): Promise<StoredKey[]> {
    const rows = this.conn().prepare(`SELECT ${COLUMNS} FROM ${KEY_TABLE} ORDER BY created_at, id`).all() as Row[];
    return rows.map(fromRow);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const r = this.conn().prepare(`UPDATE ${KEY_TABLE} SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(at, id);
    return r.changes > 0;
  }

  async ping(): Promise<void> {
    this.conn().prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
