// retentionDays: the background sweep deletes old records in bounded steps, on every sink; 0 keeps all.
import { readdirSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startPostgres, type TestPostgres } from '@switchyard/testkit';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditOptionsInput } from '../src/index.js';
import { ALPHA_KEY, postJson, type Running, sqliteRecords, startServer, tmpFile, until } from './helpers.js';

const DAY = 86_400_000;
let run: Running | undefined;
let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});
afterEach(async () => {
  await run?.close();
  run = undefined;
});

async function record(r: Running, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await postJson(
      `${r.url}/v1/chat/completions`,
      { model: 'fast', messages: [{ role: 'user', content: `n${i}` }] },
      {
        authorization: `Bearer ${ALPHA_KEY}`,
      },
    );
    ids.push(res.headers.get('x-request-id') as string);
  }
  await r.audit.flush();
  return ids;
}

describe('retention sweep', () => {
  it('the background sweep deletes records older than retentionDays and keeps the rest', async () => {
    const path = tmpFile('retention.db');
    run = await startServer({ store: 'sqlite', path, retentionDays: 0 });
    const ids = await record(run, 3);
    await run.close();
    const db = new Database(path);
    db.prepare('UPDATE switchyard_audit SET ts = ? WHERE request_id IN (?, ?)').run(Date.now() - 40 * DAY, ids[0], ids[1]);
    db.close();

    run = await startServer({ store: 'sqlite', path, retentionDays: 30, sweepIntervalMs: 50 });
    await until(() => sqliteRecords(path).length === 1);
    expect(sqliteRecords(path).map((r) => r.requestId)).toEqual([ids[2]]);
  });

  it.each([
    ['sqlite', () => ({ store: 'sqlite' as const, path: tmpFile('steps.db') })],
    ['postgres', async () => ({ store: 'postgres' as const, url: await postgres.createDatabase() })],
  ])('%s: deletes in bounded steps until nothing old is left', async (_name, target) => {
    const options: AuditOptionsInput = { ...(await target()), retentionDays: 30, sweepBatch: 2 };
    run = await startServer(options);
    await record(run, 5);
    const now = Date.now();
    expect(await run.audit.sweep(now + 29 * DAY)).toBe(0);
    expect(await run.audit.list({ limit: 100, order: 'desc' })).toHaveLength(5);
    expect(await run.audit.sweep(now + 31 * DAY)).toBe(5);
    expect(await run.audit.list({ limit: 100, order: 'desc' })).toHaveLength(0);
  });

  it('jsonl: removes rotated files whose last record is older than retention, never the current file', async () => {
    const path = tmpFile('audit.jsonl');
    run = await startServer({ store: 'jsonl', path, retentionDays: 30, rotateBytes: 1_024, batchSize: 1 });
    await record(run, 6);
    const dir = dirname(path);
    const rotated = readdirSync(dir).filter((f) => f !== 'audit.jsonl');
    expect(rotated.length).toBeGreaterThanOrEqual(2);
    const old = (Date.now() - 40 * DAY) / 1000;
    utimesSync(join(dir, rotated[0] as string), old, old);
    expect(await run.audit.sweep()).toBe(1);
    expect(readdirSync(dir)).not.toContain(rotated[0]);
    expect(readdirSync(dir)).toContain('audit.jsonl');
    expect(await run.audit.sweep(Date.now() + 31 * DAY)).toBe(rotated.length - 1);
    expect(readdirSync(dir)).toEqual(['audit.jsonl']);
  });

  it('retentionDays 0 keeps everything', async () => {
    run = await startServer({ store: 'sqlite', path: tmpFile('keep.db'), retentionDays: 0 });
    await record(run, 2);
    expect(await run.audit.sweep(Date.now() + 10_000 * DAY)).toBe(0);
    expect(await run.audit.list({ limit: 10, order: 'asc' })).toHaveLength(2);
  });
});
