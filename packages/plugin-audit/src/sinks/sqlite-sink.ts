/** @module The embedded audit log: one SQLite file (WAL) through better-sqlite3; each batch is one transaction. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditRecord } from '../capture/audit-record.js';
import { type AuditQuery, type AuditRow, type AuditSink, COLUMNS, MIGRATIONS_TABLE, rowValues, TABLE, whereClause } from './audit-sink.js';

/** Ordered schema migrations; never edit a shipped one, append a new version. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts INTEGER NOT NULL,
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

export class SqliteAuditSink implements AuditSink {
  readonly kind = 'sqlite';
  private db: Database.Database | undefined;
  private insertMany: ((rows: readonly AuditRow[]) => void) | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    if (this.db) return;
    if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
    const db = new Database(this.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`);
    db.transaction(() => {
      const row = db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM ${MIGRATIONS_TABLE}`).get() as { v: number };
      MIGRATIONS.forEach((sql, i) => {
        if (i + 1 <= row.v) return;
        db.exec(sql);
        db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, applied_at) VALUES (?, ?)`).run(i + 1, Date.now());
      });
    }).immediate();
    const insert = db.prepare(`INSERT INTO ${TABLE} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    this.insertMany = db.transaction((rows: readonly AuditRow[]) => {
      for (const r of rows) insert.run(rowValues(r));
    });
    this.db = db;
  }

  private handle(): Database.Database {
    if (!this.db) throw new Error('SQLite audit log is not open');
    return this.db;
  }

  async insert(rows: readonly AuditRow[]): Promise<void> {
    this.handle();
    this.insertMany?.(rows);
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    const row = this.handle().prepare(`SELECT record FROM ${TABLE} WHERE request_id = ? ORDER BY id DESC LIMIT 1`).get(requestId) as
      | { record: string }
      | undefined;
    return row ? (JSON.parse(row.record) as AuditRecord) : undefined;
  }

  async list(q: AuditQuery): Promise<AuditRecord[]> {
    const where = whereClause(q, () => '?');
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const rows = this.handle()
      .prepare(`SELECT record FROM ${TABLE} ${where.sql} ORDER BY ts ${dir}, id ${dir} LIMIT ?`)
      .all(...where.params, q.limit) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as AuditRecord);
  }

  async sweep(before: number, batch: number): Promise<number> {
    const res = this.handle()
      .prepare(`DELETE FROM ${TABLE} WHERE id IN (SELECT id FROM ${TABLE} WHERE ts < ? ORDER BY ts LIMIT ?)`)
      .run(before, batch);
    return res.changes;
  }

  async ping(): Promise<void> {
    this.handle().prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
