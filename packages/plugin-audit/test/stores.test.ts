// The sinks themselves: PostgreSQL migrations when replicas boot together, the same queries on every
// sink, JSONL rotation by size and by age, and records that would poison a batch.
import { appendFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/index.js';
import type { AuditSink } from '../src/sinks/audit-sink.js';
import { JsonlAuditSink } from '../src/sinks/jsonl-sink.js';
import { PostgresAuditSink } from '../src/sinks/postgres-sink.js';
import { RecordSerializer } from '../src/sinks/serialize-record.js';
import { SqliteAuditSink } from '../src/sinks/sqlite-sink.js';
import { tmpFile } from './helpers.js';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const serializer = new RecordSerializer([]);

function rec(n: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    v: 1,
    requestId: `req-${n}`,
    ts: 1_700_000_000_000 + n * 1_000,
    endpoint: 'chat',
    capture: 'full',
    principal: { keyId: 'k', team: n % 2 ? 'odd' : 'even', user: 'u' },
    attribution: { feature: null, customer: null, tags: [] },
    alias: n % 3 ? 'fast' : 'smart',
    route: ['m/echo'],
    provider: 'm',
    model: 'echo',
    attempts: 1,
    stream: false,
    status: n === 4 ? 'error' : 'success',
    errorCode: null,
    errorMessage: null,
    timings: { ttftMs: null, totalMs: 5 },
    usage: null,
    costUsd: null,
    cache: 'miss',
    redaction: null,
    replayOf: null,
    request: { model: 'fast', messages: [{ role: 'user', content: `q${n}` }] },
    response: null,
    ...over,
  };
}

const sinks: [string, () => Promise<AuditSink>][] = [
  ['sqlite', async () => new SqliteAuditSink(tmpFile('s.db'))],
  ['postgres', async () => new PostgresAuditSink(await postgres.createDatabase(), () => {})],
  ['jsonl', async () => new JsonlAuditSink({ path: tmpFile('s.jsonl'), rotateBytes: 2_048, rotateIntervalMs: 86_400_000 })],
];

describe.each(sinks)('%s sink', (_name, make) => {
  it('answers get, filters, order, limit and replayable the same way', async () => {
    const sink = await make();
    await sink.open();
    try {
      const records = Array.from({ length: 12 }, (_, i) => rec(i));
      records.push(rec(20, { requestId: 'req-1', ts: 1_700_000_100_000, alias: 'later' }));
      records.push(rec(21, { replayOf: 'req-2' }), rec(22, { capture: 'metadata', request: null }), rec(23, { endpoint: 'embeddings' }));
      for (let i = 0; i < records.length; i += 5) await sink.insert(records.slice(i, i + 5).map((r) => serializer.toRow(r)));

      expect((await sink.get('req-1'))?.alias).toBe('later');
      expect(await sink.get('req-nope')).toBeUndefined();
      const desc = await sink.list({ limit: 3, order: 'desc' });
      expect(desc.map((r) => r.requestId)).toEqual(['req-1', 'req-23', 'req-22']);
      const asc = await sink.list({ limit: 2, order: 'asc' });
      expect(asc.map((r) => r.requestId)).toEqual(['req-0', 'req-1']);
      const filtered = await sink.list({ team: 'even', alias: 'fast', status: 'success', limit: 100, order: 'asc' });
      expect(filtered.map((r) => r.requestId)).toEqual(['req-2', 'req-8', 'req-10', 'req-22']);
      const window = await sink.list({ since: 1_700_000_003_000, until: 1_700_000_006_000, limit: 100, order: 'asc' });
      expect(window.map((r) => r.requestId)).toEqual(['req-3', 'req-4', 'req-5']);
      const replayable = await sink.list({ replayable: true, limit: 100, order: 'asc' });
      expect(replayable.map((r) => r.requestId)).not.toContain('req-4');
      expect(replayable.map((r) => r.requestId)).not.toContain('req-21');
      expect(replayable.map((r) => r.requestId)).not.toContain('req-22');
      expect(replayable.map((r) => r.requestId)).not.toContain('req-23');
      expect(replayable).toHaveLength(12);
    } finally {
      await sink.close();
    }
  });

  it('stores a record whose model name holds NUL and control characters without failing its batch', async () => {
    const sink = await make();
    await sink.open();
    try {
      await sink.insert([serializer.toRow(rec(1, { alias: 'a\u0000b\u0001' })), serializer.toRow(rec(2))]);
      expect((await sink.get('req-1'))?.alias).toBe('a\u0000b\u0001');
      expect(await sink.get('req-2')).toBeDefined();
    } finally {
      await sink.close();
    }
  });
});

describe('postgres', () => {
  it('replicas booting together apply the migrations once (advisory lock)', async () => {
    const url = await postgres.createDatabase();
    const replicas = Array.from({ length: 5 }, () => new PostgresAuditSink(url, () => {}));
    await Promise.all(replicas.map((s) => s.open()));
    await Promise.all(replicas.map((s, i) => s.insert([serializer.toRow(rec(i))])));
    await Promise.all(replicas.map((s) => s.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT version FROM switchyard_audit_migrations')).rows).toEqual([{ version: 1 }]);
      expect(Number((await client.query('SELECT COUNT(*) AS n FROM switchyard_audit')).rows[0].n)).toBe(5);
    } finally {
      await client.end();
    }
  });
});

describe('jsonl', () => {
  it('rotates by size, keeps file names in age order, and reads across files', async () => {
    const path = tmpFile('r.jsonl');
    const sink = new JsonlAuditSink({ path, rotateBytes: 1_024, rotateIntervalMs: 86_400_000 });
    await sink.open();
    for (let i = 0; i < 12; i++) await sink.insert([serializer.toRow(rec(i))]);
    const files = readdirSync(dirname(path));
    expect(files.length).toBeGreaterThan(3);
    expect((await sink.list({ limit: 100, order: 'asc' })).map((r) => r.requestId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `req-${i}`),
    );
    await sink.close();
  });

  it('rotates by age, and skips a torn last line instead of failing the read', async () => {
    const path = tmpFile('t.jsonl');
    const sink = new JsonlAuditSink({ path, rotateBytes: 1_000_000, rotateIntervalMs: 30 });
    await sink.open();
    await sink.insert([serializer.toRow(rec(1))]);
    await new Promise((r) => setTimeout(r, 50));
    await sink.insert([serializer.toRow(rec(2))]);
    expect(readdirSync(dirname(path))).toHaveLength(2);
    appendFileSync(path, '{"requestId":"req-torn","v":');
    expect((await sink.list({ limit: 10, order: 'asc' })).map((r) => r.requestId)).toEqual(['req-1', 'req-2']);
    await sink.close();
  });
});

describe('serializer', () => {
  it('removes configured secrets, also where JSON escaping changed how they look', () => {
    const s = new RecordSerializer(['sk-plain-secret-123', 'quote"secret\\9']);
    const row = s.toRow(
      rec(1, { request: { model: 'x', messages: [{ role: 'user', content: 'sk-plain-secret-123 and quote"secret\\9' }] } }),
    );
    expect(row.json).not.toContain('sk-plain-secret-123');
    expect(row.json).not.toContain('quote\\"secret\\\\9');
    expect(JSON.parse(row.json).request.messages[0].content).toBe('[redacted] and [redacted]');
    expect(s.scrubbed).toBe(2);
  });
});
