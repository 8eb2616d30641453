// The write-behind ledger: batching, flush on close, and the store-down policy (retry, bound, log).
import { createTestGateway } from '@switchyard/testkit';
import { describe, expect, it } from 'vitest';
import { costPlugin, getCostLedger, getCostStats } from '../src/index.js';
import { Ledger } from '../src/ledger/ledger.js';
import type { LedgerRow } from '../src/ledger/ledger-row.js';
import type { LedgerStore, ReportRow } from '../src/ledger/ledger-store.js';
import { chat, memoryLogger, sqliteRows, tmpDb, until } from './helpers.js';

const msg = { role: 'user' as const, content: 'count these words' };

describe('ledger batching (SQLite)', () => {
  it('writes full batches at once and the remainder on the interval', async () => {
    const db = tmpDb();
    const gw = await createTestGateway({ plugins: [[costPlugin, { path: db, batchSize: 5, flushIntervalMs: 60_000 }]] });
    try {
      await Promise.all(Array.from({ length: 12 }, () => gw.chat({ model: 'test', messages: [msg] })));
      await until(() => getCostStats(gw).ledger.written === 10);
      expect(getCostStats(gw).ledger).toMatchObject({ written: 10, batches: 2, buffered: 2 });
      expect(sqliteRows(db)).toHaveLength(10);
    } finally {
      await gw.close();
    }
    expect(sqliteRows(db)).toHaveLength(12);
  });

  it('keeps rows in memory, off the request path, until close flushes them all', async () => {
    const db = tmpDb();
    const gw = await createTestGateway({ plugins: [[costPlugin, { path: db, batchSize: 1_000, flushIntervalMs: 60_000 }]] });
    await Promise.all(Array.from({ length: 25 }, () => gw.chat({ model: 'test', messages: [msg] })));
    await until(() => getCostStats(gw).ledger.buffered === 25);
    expect(sqliteRows(db)).toHaveLength(0);
    await gw.close();
    const rows = sqliteRows(db);
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(25);
  });

  it('flushes on the interval', async () => {
    const db = tmpDb();
    const gw = await createTestGateway({ plugins: [[costPlugin, { path: db, batchSize: 1_000, flushIntervalMs: 30 }]] });
    try {
      await gw.chat(chat('test'));
      await until(() => sqliteRows(db).length === 1);
    } finally {
      await gw.close();
    }
  });

  it('creates its tables once: a second boot on the same file keeps the rows', async () => {
    const db = tmpDb();
    for (let i = 0; i < 2; i++) {
      const gw = await createTestGateway({ plugins: [[costPlugin, { path: db }]] });
      await gw.chat(chat('test'));
      await gw.close();
    }
    expect(sqliteRows(db)).toHaveLength(2);
  });

  it('reports the store in /readyz checks', async () => {
    const gw = await createTestGateway({ plugins: [[costPlugin, { path: ':memory:' }]] });
    try {
      const h = await gw.health();
      expect(h.checks['cost-ledger']).toMatchObject({ ok: true });
      expect(h.checks['cost-ledger']?.detail).toContain('sqlite');
      await gw.chat(chat('test'));
      const report = await getCostLedger(gw).report({ groupBy: 'team', from: 0, to: Date.now() + 1 });
      expect(report).toEqual([
        { group: 'anonymous', requests: 1, prompt_tokens: 4, completion_tokens: 4, cost_usd: 0, unpriced_requests: 0 },
      ]);
    } finally {
      await gw.close();
    }
  });
});

/** A store that fails while `down` is true. */
class FlakyStore implements LedgerStore {
  readonly kind = 'sqlite' as const;
  down = false;
  rows: LedgerRow[] = [];
  inserts = 0;
  async open(): Promise<void> {
    if (this.down) throw new Error('store is down');
  }
  async insert(rows: readonly LedgerRow[]): Promise<void> {
    this.inserts++;
    if (this.down) throw new Error('store is down');
    this.rows.push(...rows);
  }
  async report(): Promise<ReportRow[]> {
    return [];
  }
  async ping(): Promise<void> {
    if (this.down) throw new Error('store is down');
  }
  async close(): Promise<void> {}
}

const row = (i: number): LedgerRow => ({
  ts: i,
  requestId: `r${i}`,
  team: 't',
  userId: 'u',
  keyId: 'k',
  feature: null,
  customer: null,
  tags: [],
  endpoint: 'chat',
  provider: 'm',
  model: 'echo',
  requestedModel: 'echo',
  status: 'success',
  cache: 'miss',
  errorCode: null,
  promptTokens: 1,
  completionTokens: 1,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  usageEstimated: false,
  costUsd: 0.001,
  priced: true,
  durationMs: 1,
});

const options = { batchSize: 10, flushIntervalMs: 10, maxBufferRows: 50, closeTimeoutMs: 300 };

describe('store-down policy', () => {
  it('keeps rows buffered in order while the store is down and writes them when it is back', async () => {
    const store = new FlakyStore();
    const logger = memoryLogger();
    const ledger = new Ledger(store, options, logger);
    await ledger.start();
    store.down = true;
    for (let i = 0; i < 30; i++) ledger.add(row(i));
    await expect(ledger.flush()).rejects.toThrow('store is down');
    expect(ledger.stats()).toMatchObject({ buffered: 30, written: 0, dropped: 0 });
    expect((await ledger.health()).ok).toBe(false);
    expect(logger.lines.some((l) => l.level === 'error' && l.msg?.includes('write failed'))).toBe(true);
    store.down = false;
    expect((await ledger.health()).ok).toBe(true);
    expect(store.rows.map((r) => r.requestId)).toEqual(Array.from({ length: 30 }, (_, i) => `r${i}`));
    expect(logger.lines.some((l) => l.msg?.includes('recovered'))).toBe(true);
    await ledger.close();
  });

  it('bounds memory: beyond maxBufferRows the oldest rows are dropped and counted', async () => {
    const store = new FlakyStore();
    const ledger = new Ledger(store, options, memoryLogger());
    await ledger.start();
    store.down = true;
    for (let i = 0; i < 80; i++) ledger.add(row(i));
    expect(ledger.stats()).toMatchObject({ buffered: 50, dropped: 30 });
    store.down = false;
    await ledger.flush();
    expect(store.rows[0]?.requestId).toBe('r30');
    expect(store.rows).toHaveLength(50);
    await ledger.close();
  });

  it('backs off between retries instead of hammering a dead store', async () => {
    const store = new FlakyStore();
    const ledger = new Ledger(store, { ...options, batchSize: 1 }, memoryLogger());
    await ledger.start();
    store.down = true;
    for (let i = 0; i < 20; i++) ledger.add(row(i));
    await new Promise((r) => setTimeout(r, 300));
    // 30 interval ticks and 20 full batches went by; the backoff allowed only a few attempts.
    expect(store.inserts).toBeLessThanOrEqual(3);
    store.down = false;
    await ledger.close();
    expect(store.rows).toHaveLength(20);
  });

  it('retries the final flush at close until closeTimeoutMs, then logs what was lost', async () => {
    const store = new FlakyStore();
    const logger = memoryLogger();
    const ledger = new Ledger(store, options, logger);
    await ledger.start();
    store.down = true;
    for (let i = 0; i < 5; i++) ledger.add(row(i));
    const t0 = Date.now();
    await ledger.close();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(store.inserts).toBeGreaterThan(1);
    expect(logger.lines.find((l) => l.msg?.includes('not written'))?.obj).toMatchObject({ lost: 5 });
  });

  it('a store that is down at boot does not stop the gateway; rows wait for it', async () => {
    const store = new FlakyStore();
    store.down = true;
    const ledger = new Ledger(store, options, memoryLogger());
    await ledger.start();
    ledger.add(row(1));
    store.down = false;
    await ledger.close();
    expect(store.rows).toHaveLength(1);
  });
});
