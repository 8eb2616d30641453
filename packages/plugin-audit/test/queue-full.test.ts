// A full queue: `drop` refuses records (counted, /readyz degraded, requests unaffected); `block`
// makes new requests wait for room and never drops an admitted request's record.
import { freePort } from '@switchyard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA_KEY, httpJson, postJson, type Running, sqliteRecords, startServer, tmpFile } from './helpers.js';

let run: Running | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const chat = (r: Running, content: string) =>
  postJson(
    `${r.url}/v1/chat/completions`,
    { model: 'fast', messages: [{ role: 'user', content }] },
    { authorization: `Bearer ${ALPHA_KEY}` },
  );

// No timer flush and no full batch: records stay queued until something flushes them.
const HELD = { batchSize: 5_000, flushIntervalMs: 600_000 };

describe('onFull: drop', () => {
  it('counts each dropped record, keeps answering, and /readyz reports degraded (not unready)', async () => {
    const path = tmpFile('drop.db');
    run = await startServer({ store: 'sqlite', path, maxQueue: 3, ...HELD });
    const ready = await httpJson(`${run.url}/readyz`);
    expect(ready.json.status).toBe('ready');
    expect(ready.json.checks.audit).toMatchObject({ ok: true, critical: false });

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await chat(run, `request ${i}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(run.audit.queueDepth()).toBe(3);
    expect(run.audit.dropped()).toBe(2);

    const degraded = await httpJson(`${run.url}/readyz`);
    expect(degraded.status).toBe(200);
    expect(degraded.json.status).toBe('degraded');
    expect(degraded.json.checks.audit).toMatchObject({ ok: false, critical: false });
    expect(degraded.json.checks.audit.detail).toMatch(/dropped 2/);

    await run.audit.flush();
    expect(run.audit.queueDepth()).toBe(0);
    expect(sqliteRecords(path).map((r) => r.requestId)).toEqual(answers.slice(0, 3).map((a) => a.headers.get('x-request-id')));
  });
});

describe('onFull: block', () => {
  it('new requests wait for room; every answered request is recorded and nothing is dropped', async () => {
    const path = tmpFile('block.db');
    run = await startServer({ store: 'sqlite', path, maxQueue: 2, onFull: 'block', ...HELD });
    const answers = [];
    // One at a time, so from the third on each request finds the queue full when it is admitted.
    for (let i = 0; i < 6; i++) answers.push(await chat(run, `request ${i}`));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    await run.audit.flush();
    expect(run.audit.dropped()).toBe(0);
    expect(
      sqliteRecords(path)
        .map((r) => r.requestId)
        .sort(),
    ).toEqual(answers.map((a) => a.headers.get('x-request-id')).sort());
  });

  it('answers 503 audit_backlog once the wait times out while the store is down', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/none`;
    run = await startServer({ store: 'postgres', url, maxQueue: 2, onFull: 'block', blockTimeoutMs: 200, closeTimeoutMs: 200, ...HELD });
    expect((await chat(run, 'one')).status).toBe(200);
    expect((await chat(run, 'two')).status).toBe(200);
    const refused = await chat(run, 'three');
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('audit_backlog');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(run.audit.dropped()).toBe(0);
    const ready = await httpJson(`${run.url}/readyz`);
    expect(ready.json.status).toBe('degraded');
    expect(ready.json.checks.audit.ok).toBe(false);
  });
});
