// The PostgreSQL ledger against a real server: same rows and reports as SQLite, migrations once,
// and a store that is unreachable degrades readiness instead of failing requests.
import type { Gateway } from '@switchyard/core';
import { openaiProvider } from '@switchyard/provider-openai';
import { createTestGateway, type FakeUpstream, freePort, startFakeOpenAI, startPostgres, type TestPostgres } from '@switchyard/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CostOptionsInput, costPlugin, GROUP_BY, getCostLedger, getCostStats } from '../src/index.js';
import { type DbRow, MOCK_PRICE, sqliteRows, tmpDb } from './helpers.js';

let server: TestPostgres;
let up: FakeUpstream;

beforeAll(async () => {
  [server, up] = await Promise.all([startPostgres(), startFakeOpenAI()]);
});

afterAll(async () => {
  await server?.stop();
  await up?.close();
});

function gateway(cost: CostOptionsInput): Promise<Gateway> {
  return createTestGateway({
    plugins: [[costPlugin, { prices: { 'mock/*': MOCK_PRICE }, ...cost }]],
    providers: [openaiProvider],
    config: {
      providers: { oa: { type: 'openai', baseUrl: up.baseUrl, apiKey: 'sk-test' } },
      models: { mystery: { provider: 'oa', model: 'gpt-mystery-1' }, cut: { provider: 'mock', model: 'echo+drop-after-1' } },
    },
  });
}

/** The same traffic, with fixed request ids: chat, stream, failed stream, embeddings, an unpriced model. */
async function drive(gw: Gateway): Promise<void> {
  const who = (team: string, user: string) => ({ keyId: `k-${user}`, team, user });
  const msg = (content: string) => [{ role: 'user' as const, content }];
  await gw.chat(
    { model: 'test', messages: msg('alpha beta gamma') },
    { id: 'r1', principal: who('payments', 'ada'), headers: { 'x-switchyard-feature': 'checkout', 'x-switchyard-tags': 'a,b' } },
  );
  await gw.chat(
    { model: 'test', messages: msg('delta') },
    { id: 'r2', principal: who('search', 'cy'), headers: { 'x-switchyard-customer': 'acme' } },
  );
  for await (const _ of gw.chatStream(
    { model: 'test', messages: msg('one two three'), stream_options: { include_usage: true } },
    { id: 'r3', principal: who('payments', 'bob') },
  )) {
  }
  await (async () => {
    for await (const _ of gw.chatStream(
      { model: 'cut', messages: msg('dropped after one chunk') },
      { id: 'r4', principal: who('search', 'dee') },
    )) {
    }
  })().catch(() => {});
  await gw.embed({ model: 'embed', input: 'vectors for two' }, { id: 'r5', principal: who('search', 'cy') });
  await gw.chat({ model: 'mystery', messages: msg('no price here') }, { id: 'r6', principal: who('research', 'eve') });
}

const comparable = (r: DbRow) => {
  const { ts: _ts, duration_ms: _d, ...rest } = r as DbRow & { id?: number };
  delete (rest as { id?: number }).id;
  return {
    ...rest,
    usage_estimated: Boolean(r.usage_estimated),
    priced: Boolean(r.priced),
    cost_usd: r.cost_usd === null ? null : Number(r.cost_usd.toFixed(10)),
  };
};

async function pgRows(url: string): Promise<DbRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT * FROM switchyard_cost_ledger ORDER BY request_id');
    return rows.map((r) => ({ ...r, ts: Number(r.ts) }));
  } finally {
    await client.end();
  }
}

describe('PostgreSQL ledger', () => {
  it('records the same rows and reports as the SQLite ledger', async () => {
    const url = await server.createDatabase();
    const file = tmpDb();
    const pgGw = await gateway({ store: 'postgres', url, batchSize: 2, flushIntervalMs: 20 });
    const liteGw = await gateway({ store: 'sqlite', path: file, batchSize: 2, flushIntervalMs: 20 });
    await drive(pgGw);
    await drive(liteGw);
    const window = { from: 0, to: Date.now() + 1_000 };
    for (const groupBy of GROUP_BY) {
      const [a, b] = await Promise.all([
        getCostLedger(pgGw).report({ groupBy, ...window }),
        getCostLedger(liteGw).report({ groupBy, ...window }),
      ]);
      expect(a, groupBy).toEqual(b);
      expect(a.length, groupBy).toBeGreaterThan(0);
    }
    expect(getCostStats(pgGw).ledger.batches).toBeGreaterThanOrEqual(3);
    await Promise.all([pgGw.close(), liteGw.close()]);
    const pgAll = (await pgRows(url)).map(comparable);
    const liteAll = sqliteRows(file)
      .sort((x, y) => x.request_id.localeCompare(y.request_id))
      .map(comparable);
    expect(pgAll).toHaveLength(6);
    expect(pgAll).toEqual(liteAll);
    expect(pgAll.map((r) => [r.request_id, r.status, r.priced, r.usage_estimated])).toEqual([
      ['r1', 'success', true, false],
      ['r2', 'success', true, false],
      ['r3', 'success', true, false],
      ['r4', 'error', true, true],
      ['r5', 'success', true, false],
      ['r6', 'success', false, false],
    ]);
  });

  it('migrates once: instances booting together share one schema and keep the rows', async () => {
    const url = await server.createDatabase();
    const gws = await Promise.all([1, 2, 3].map(() => gateway({ store: 'postgres', url })));
    await Promise.all(gws.map((g) => g.chat({ model: 'test', messages: [{ role: 'user', content: 'hi' }] })));
    await Promise.all(gws.map((g) => g.close()));
    const again = await gateway({ store: 'postgres', url });
    await again.close();
    expect(await pgRows(url)).toHaveLength(3);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM switchyard_cost_ledger_migrations');
    await client.end();
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('an unreachable database marks /readyz degraded (not unready) and requests still succeed', async () => {
    const port = await freePort();
    const gw = await gateway({ store: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/none`, closeTimeoutMs: 200 });
    const res = await gw.chat({ model: 'test', messages: [{ role: 'user', content: 'still served' }] });
    expect(res.choices[0]?.message.content).toBe('still served');
    const h = await gw.health();
    expect(h).toMatchObject({ ok: true, degraded: true });
    expect(h.checks['cost-ledger']).toMatchObject({ ok: false, critical: false });
    expect(h.checks['cost-ledger']?.detail).toMatch(/postgres; buffered 1/);
    await expect(getCostLedger(gw).report({ groupBy: 'team', from: 0, to: Date.now() })).rejects.toThrow();
    await gw.close();
  });
});
