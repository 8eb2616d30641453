// `switchyard replay` against the mock provider: pairs side by side, a summary, replays marked and
// attributed, run in-process and once as a real CLI process.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { GatewayCommand } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord, ReplayPair } from '../src/index.js';
import { ALPHA_KEY, BETA_KEY, MODELS, postJson, type Running, startServer, tmpFile, USD_PER_COMPLETION_TOKEN } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const NOWHERE = tmpFile('never-written.jsonl');
let run: Running | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Originals: 3 answers and 1 stream on `fast`, plus requests a replay must skip. */
async function seed(r: Running): Promise<string[]> {
  const send = (model: string, content: string, extra: Record<string, unknown> = {}) =>
    postJson(
      `${r.url}/v1/chat/completions`,
      { model, messages: [{ role: 'user', content }], ...extra },
      { authorization: `Bearer ${ALPHA_KEY}` },
    );
  const ids: string[] = [];
  for (const words of ['alpha beta', 'gamma delta epsilon', 'zeta'])
    ids.push((await send('fast', words)).headers.get('x-request-id') as string);
  ids.push(
    (await send('fast', 'streamed words here', { stream: true, stream_options: { include_usage: true } })).headers.get(
      'x-request-id',
    ) as string,
  );
  await send('broken', 'an error is not replayed');
  await send('meta', 'metadata capture has no body to replay');
  await send('smart', 'another alias');
  await r.audit.flush();
  return ids;
}

async function runCommand(cmd: GatewayCommand | undefined, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await (cmd as GatewayCommand).run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const readPairs = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReplayPair);

describe('switchyard replay (in-process)', () => {
  it('writes one pair per replayable record with both answers, latencies, usage and cost, and prints a summary', async () => {
    run = await startServer({ store: 'sqlite', path: tmpFile('replay.db'), aliases: { meta: { capture: 'metadata' } } });
    const ids = await seed(run);
    const out = tmpFile('pairs.jsonl');
    const res = await runCommand(run.gateway.command('replay'), [
      '--alias',
      'fast',
      '--to-model',
      'twin',
      '--concurrency',
      '2',
      '--out',
      out,
      '--key',
      ALPHA_KEY,
    ]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);

    const pairs = readPairs(out);
    expect(pairs.map((p) => p.original.requestId).sort()).toEqual([...ids].sort());
    for (const p of pairs) {
      expect(p).toMatchObject({ object: 'replay.pair', alias: 'fast', toModel: 'twin', exactMatch: true });
      expect(p.original).toMatchObject({ status: 'success', model: 'echo', provider: 'm' });
      expect(p.replay).toMatchObject({ status: 'success', model: 'echo+twin', provider: 'm', errorCode: null });
      expect(p.replay.answer).toBe(p.original.answer);
      expect(p.replay.requestId).toMatch(/^replay-/);
      expect(p.replay.latencyMs).toBeGreaterThan(0);
      expect(p.replay.usage?.completion_tokens).toBe(p.original.usage?.completion_tokens);
      expect(p.replay.costUsd).toBeCloseTo((p.replay.usage?.completion_tokens ?? 0) * USD_PER_COMPLETION_TOKEN, 12);
      expect(p.original.costUsd).toBeCloseTo((p.original.usage?.completion_tokens ?? 0) * USD_PER_COMPLETION_TOKEN, 12);
      expect(JSON.stringify(p.request)).toContain('"messages"');
    }
    expect(pairs.find((p) => p.original.answer === 'streamed words here')).toBeDefined();
    expect(res.stdout).toContain('replay to twin: 4 pairs, 4 answered, 0 failed');
    expect(res.stdout).toMatch(/exact match 4\/4 \(100\.0% /);
    expect(res.stdout).toMatch(/original\s+mean latency [\d.]+ ms, mean cost \$0\.00\d+/);

    // The replays are audited too, marked, attributed to `replay`, and charged to the key that sent them.
    const replays = (await run.audit.list({ limit: 100, order: 'asc' })).filter((r) => r.replayOf !== null);
    expect(replays.map((r) => r.replayOf).sort()).toEqual([...ids].sort());
    for (const r of replays) {
      expect(r).toMatchObject({ alias: 'twin', attribution: { feature: 'replay' }, principal: { team: 'alpha' } });
      expect(r.attribution.tags).toContain('replay');
    }
  });

  it('compares against a different model, counts no exact matches, and never replays a replay', async () => {
    run = await startServer({ store: 'sqlite', path: tmpFile('replay2.db') });
    await seed(run);
    const first = tmpFile('first.jsonl');
    await runCommand(run.gateway.command('replay'), ['--to-model', 'twin', '--out', first, '--key', ALPHA_KEY]);
    const out = tmpFile('other.jsonl');
    const res = await runCommand(run.gateway.command('replay'), [
      '--since',
      '1h',
      '--to-model',
      'other',
      '--limit',
      '500',
      '--json',
      '--out',
      out,
      '--key',
      ALPHA_KEY,
    ]);
    expect(res.code).toBe(0);
    const pairs = readPairs(out);
    // fast x4, meta and smart (full capture here); the error and the first run's replays are skipped.
    expect(pairs).toHaveLength(6);
    expect(pairs.every((p) => p.exactMatch === false && p.replay.model === MODELS.other.model)).toBe(true);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({
      object: 'replay.summary',
      toModel: 'other',
      pairs: 6,
      replayed: 6,
      failed: 0,
      exactMatches: 0,
      exactMatchRate: 0,
    });
    expect(summary.replay.meanLatencyMs).toBeGreaterThan(0);
    expect(summary.replay.meanCostUsd).toBeCloseTo(4 * USD_PER_COMPLETION_TOKEN, 12);
  });

  it('with replay.chargeTo original, a replay is charged to the original key, team and user', async () => {
    run = await startServer({ store: 'sqlite', path: tmpFile('charge.db'), replay: { chargeTo: 'original' } });
    const ids = await seed(run);
    const res = await runCommand(run.gateway.command('replay'), [
      '--alias',
      'fast',
      '--limit',
      '1',
      '--to-model',
      'twin',
      '--out',
      tmpFile('c.jsonl'),
      '--key',
      BETA_KEY,
    ]);
    expect(res.code).toBe(0);
    const replay = (await run.audit.list({ limit: 100, order: 'asc' })).find((r) => r.replayOf !== null) as AuditRecord;
    expect(replay.replayOf).toBe(ids[3]);
    expect(replay.principal).toEqual({ keyId: 'key_alpha', team: 'alpha', user: 'ann' });
  });

  it('a caller cannot mark its own request as a replay', async () => {
    run = await startServer({ store: 'sqlite', path: tmpFile('forge.db') });
    const res = await postJson(
      `${run.url}/v1/chat/completions`,
      { model: 'fast', messages: [{ role: 'user', content: 'x' }] },
      {
        authorization: `Bearer ${ALPHA_KEY}`,
        'x-request-id': 'replay-00000000-0000-0000-0000-000000000000',
        'x-switchyard-replay-of': 'someone-else',
      },
    );
    expect(res.status).toBe(200);
    expect((await run.audit.get('replay-00000000-0000-0000-0000-000000000000'))?.replayOf).toBeNull();
  });

  it.each([
    [[], 2, /--to-model and --out are required/],
    [['--to-model', 'twin'], 2, /--to-model and --out are required/],
    [['--to-model', 'twin', '--out', NOWHERE, '--limit', '0'], 2, /--limit.*1 to 100000/],
    [['--to-model', 'twin', '--out', NOWHERE, '--concurrency', '65'], 2, /--concurrency.*1 to 64/],
    [['--to-model', 'twin', '--out', NOWHERE, '--since', 'someday'], 2, /--since/],
    [['--to-model', 'twin', '--bogus'], 2, /Unknown option/],
    [['--to-model', 'nowhere', '--out', NOWHERE], 1, /not a configured alias/],
  ])('refuses %j with exit %i and a clear message, writing no file', async (argv, code, message) => {
    run = await startServer({ store: 'sqlite', path: ':memory:' });
    const res = await runCommand(run.gateway.command('replay'), argv as string[]);
    expect(res.code).toBe(code);
    expect(res.stderr).toMatch(message);
    expect(existsSync(NOWHERE)).toBe(false);
  });
});

describe('switchyard replay (CLI process)', () => {
  it('replays from the audit database of a stopped gateway and exits 0', async () => {
    expect(existsSync(join(here, '..', 'dist', 'index.js')), 'build the package first (pnpm build)').toBe(true);
    const db = tmpFile('cli.db');
    run = await startServer({ store: 'sqlite', path: db });
    await seed(run);
    await run.close();
    run = undefined;

    const config = tmpFile('switchyard.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: { m: { type: 'mock' } },
        models: { fast: MODELS.fast, twin: MODELS.twin },
        plugins: { audit: { store: 'sqlite', path: db } },
      }),
    );
    const out = tmpFile('cli-pairs.jsonl');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(here, 'fixtures', 'cli.mjs'), 'replay', '--config', config, '--alias', 'fast', '--to-model', 'twin', '--out', out],
      { timeout: 20_000 },
    );
    expect(stdout).toContain('replay to twin: 4 pairs, 4 answered, 0 failed');
    const pairs = readPairs(out);
    expect(pairs).toHaveLength(4);
    expect(pairs.every((p) => p.exactMatch)).toBe(true);
  });
});
