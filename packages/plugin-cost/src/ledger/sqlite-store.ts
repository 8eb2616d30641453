/** @module The embedded ledger: one SQLite file (WAL) through better-sqlite3; each batch is one transaction. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { COLUMNS, type LedgerRow, rowValues } from './ledger-row.js';
import { GROUP_COLUMN, type LedgerStore, MIGRATIONS_TABLE, type ReportQuery, type ReportRow, TABLE, toReportRows } from './ledger-store.js';

/** Ordered schema migrations; never edit a shipped one, append a new version. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts INTEGER NOT NULL,
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
    usage_estimated INTEGER NOT NULL,
    cost_usd REAL,
    priced INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ${TABLE}_ts ON ${TABLE} (ts);`,
];

export class SqliteLedgerStore implements LedgerStore {
  readonly kind = 'sqlite';
  private db: Database.Database | undefined;
  private insertMany: ((rows: readonly LedgerRow[]) => void) | undefined;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
    const db = new Database(this.path);
    // Before anything that locks: another process opening the same file waits instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`);
    db.transaction(() => {
      const row = db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM ${MIGRATIONS_TABLE}`).get() as { v: number };
      MIGRATIONS.forEach((sql, i) => {
        if (i + 1 <= row.v) return;
        db.exec(sql);
        db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, applied_at) VALUES (?, ?)`).run(i + 1, Date.now());
      });
    }).immediate();
    // One prepared single-row INSERT run per row inside one transaction: SQLite's fastest batch write.
    const insert = db.prepare(`INSERT INTO ${TABLE} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    const bool = (b: boolean) => (b ? 1 : 0);
    this.insertMany = db.transaction((rows: readonly LedgerRow[]) => {
      for (const r of rows) insert.run(rowValues(r, bool));
    });
    this.db = db;
  }

  private handle(): Database.Database {
    if (!this.db) throw new Error('SQLite ledger is not open');
    return this.db;
  }

  async insert(rows: readonly LedgerRow[]): Promise<void> {
    this.handle();
    this.insertMany?.(rows);
  }

  async report(q: ReportQuery): Promise<ReportRow[]> {
    const col = GROUP_COLUMN[q.groupBy];
    const raw = this.handle()
      .prepare(
        `SELECT ${col} AS grp, COUNT(*) AS requests, COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
           COALESCE(SUM(completion_tokens), 0) AS completion_tokens, COALESCE(SUM(cost_usd), 0) AS cost_usd,
           SUM(CASE WHEN priced = 1 THEN 0 ELSE 1 END) AS unpriced_requests
         FROM ${TABLE} WHERE ts >= ? AND ts < ? GROUP BY ${col}`,
      )
      .all(q.from, q.to) as Record<string, unknown>[];
    return toReportRows(raw);
  }

  async ping(): Promise<void> {
    this.handle().prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
