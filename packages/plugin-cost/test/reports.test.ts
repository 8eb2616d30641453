// Usage reports: GET /admin/usage (JSON and CSV, admin only, grouping, time window) and `switchyard usage`.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeUpstream, startFakeOpenAI } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_PRICE, mockCost, post, type Running, startServer, tmpDb } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Sent {
  team: string;
  user: string;
  feature?: string;
  customer?: string;
  model: 'echo' | 'lorem' | 'mystery';
}

const TRAFFIC: Sent[] = [
  { team: 'payments', user: 'ada', feature: 'checkout', customer: 'acme', model: 'echo' },
  { team: 'payments', user: 'ada', feature: 'checkout', customer: 'acme', model: 'lorem' },
  { team: 'payments', user: 'bob', feature: 'refunds', customer: 'globex', model: 'echo' },
  { team: 'search', user: 'cy', feature: 'rerank', model: 'lorem' },
  { team: 'search', user: 'cy', model: 'echo' },
  { team: 'search', user: 'dee', feature: 'rerank', customer: 'acme', model: 'mystery' },
];

interface Expect {
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  unpriced_requests: number;
}

let up: FakeUpstream;
let gw: Running;
let db: string;
const byKey = new Map<string, Map<string | null, Expect>>();

function tally(dim: string, key: string | null, usage: { prompt_tokens: number; completion_tokens: number }, cost: number | null): void {
  const m = byKey.get(dim) ?? new Map<string | null, Expect>();
  byKey.set(dim, m);
  const e = m.get(key) ?? { requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, unpriced_requests: 0 };
  e.requests++;
  e.prompt_tokens += usage.prompt_tokens;
  e.completion_tokens += usage.completion_tokens;
  if (cost === null) e.unpriced_requests++;
  else e.cost_usd += cost;
  m.set(key, e);
}

const admin = { authorization: 'Bearer admin' };
const get = (path: string, headers: Record<string, string> = admin) => fetch(`${gw.url}${path}`, { headers });
/** Report bodies are checked field by field. */
const json = async (res: Response): Promise<any> => res.json();

beforeAll(async () => {
  up = await startFakeOpenAI();
  db = tmpDb();
  gw = await startServer(
    {
      providers: { m: { type: 'mock' }, oa: { type: 'openai', baseUrl: up.baseUrl, apiKey: 'sk-test' } },
      models: {
        echo: { provider: 'm', model: 'echo' },
        lorem: { provider: 'm', model: 'lorem-7' },
        mystery: { provider: 'oa', model: 'gpt-mystery-1' },
      },
    },
    // A long interval: reports must flush the buffer themselves to see these requests.
    { path: db, prices: { 'mock/*': MOCK_PRICE }, flushIntervalMs: 60_000, batchSize: 1_000 },
  );
  for (const s of TRAFFIC) {
    const headers: Record<string, string> = { 'x-test-team': s.team, 'x-test-user': s.user };
    if (s.feature) headers['x-switchyard-feature'] = s.feature;
    if (s.customer) headers['x-switchyard-customer'] = s.customer;
    const r = await post(
      `${gw.url}/v1/chat/completions`,
      { model: s.model, messages: [{ role: 'user', content: 'tally these five words' }] },
      headers,
    );
    expect(r.status).toBe(200);
    const cost = s.model === 'mystery' ? null : mockCost(r.json.usage);
    const provider = s.model === 'mystery' ? 'oa' : 'm';
    const model = r.headers.get('x-switchyard-model');
    tally('team', s.team, r.json.usage, cost);
    tally('user', s.user, r.json.usage, cost);
    tally('feature', s.feature ?? null, r.json.usage, cost);
    tally('customer', s.customer ?? null, r.json.usage, cost);
    tally('model', model, r.json.usage, cost);
    tally('provider', provider, r.json.usage, cost);
  }
});

afterAll(async () => {
  await gw?.close();
  await up?.close();
});

function expectRows(rows: { group: string | null }[], dim: string): void {
  const want = byKey.get(dim) as Map<string | null, Expect>;
  expect(rows.map((r) => r.group).sort()).toEqual([...want.keys()].sort());
  for (const r of rows as ({ group: string | null } & Expect)[]) {
    const e = want.get(r.group) as Expect;
    expect({ ...r, cost_usd: undefined }).toEqual({ group: r.group, ...e, cost_usd: undefined });
    expect(r.cost_usd).toBeCloseTo(e.cost_usd, 9);
  }
}

describe('GET /admin/usage', () => {
  it('needs the admin key', async () => {
    expect((await get('/admin/usage', {})).status).toBe(401);
    const wrong = await get('/admin/usage', { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error.code).toBe('invalid_admin_key');
  });

  it.each(['team', 'user', 'feature', 'customer', 'model', 'provider'])('groups by %s, including requests still buffered', async (dim) => {
    const res = await get(`/admin/usage?group_by=${dim}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ object: 'usage_report', group_by: dim, from: null });
    expectRows(body.rows, dim);
    expect(body.totals.requests).toBe(TRAFFIC.length);
    expect(body.totals.unpriced_requests).toBe(1);
  });

  it('orders groups by cost and sums totals', async () => {
    const body = await json(await get('/admin/usage?group_by=team'));
    const costs = body.rows.map((r: Expect) => r.cost_usd);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    const sum = body.rows.reduce((s: number, r: Expect) => s + r.cost_usd, 0);
    expect(body.totals.cost_usd).toBeCloseTo(sum, 9);
  });

  it('serves CSV with format=csv', async () => {
    const res = await get('/admin/usage?group_by=feature&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('group,requests,prompt_tokens,completion_tokens,cost_usd,unpriced_requests');
    const rows = lines.slice(1).map((l) => {
      const [group, requests, prompt, completion, cost, unpriced] = l.split(',');
      return {
        group: group || null,
        requests: +requests!,
        prompt_tokens: +prompt!,
        completion_tokens: +completion!,
        cost_usd: +cost!,
        unpriced_requests: +unpriced!,
      };
    });
    const want = byKey.get('feature') as Map<string | null, Expect>;
    expect(rows).toHaveLength(want.size);
    for (const r of rows) {
      const e = want.get(r.group) as Expect;
      expect(r.requests).toBe(e.requests);
      expect(r.cost_usd).toBeCloseTo(e.cost_usd, 6);
      expect(r.unpriced_requests).toBe(e.unpriced_requests);
    }
  });

  it('filters by time window (ISO or epoch ms)', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await json(await get(`/admin/usage?from=${encodeURIComponent(future)}`))).rows).toEqual([]);
    expect((await json(await get('/admin/usage?to=1000'))).rows).toEqual([]);
    const all = await json(await get(`/admin/usage?from=2020-01-01&to=${Date.now() + 1000}`));
    expect(all.totals.requests).toBe(TRAFFIC.length);
  });

  it('rejects bad parameters with 400 and the parameter name', async () => {
    for (const [q, param] of [
      ['group_by=planet', 'group_by'],
      ['from=yesterday', 'from'],
      ['format=xml', 'format'],
      ['from=2000&to=1000', 'to'],
    ]) {
      const res = await get(`/admin/usage?${q}`);
      expect(res.status, q).toBe(400);
      expect((await json(res)).error.param, q).toBe(param);
    }
  });
});

describe('switchyard usage', () => {
  const config = () => {
    const file = join(dirname(db), 'switchyard.yaml');
    writeFileSync(file, `providers: { m: { type: mock } }\nplugins: { cost: { path: "${db}" } }\n`);
    return file;
  };
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(here, 'fixtures', 'cli.mjs'), 'usage', '--config', config(), ...args], { encoding: 'utf8' });

  /** TEAM / TOTAL lines of a table, checking every column ends where its header ends. */
  function tableLines(stdout: string): string[][] {
    const lines = stdout.trimEnd().split('\n');
    const header = lines[0] as string;
    expect(header).toMatch(/^TEAM\s+REQUESTS\s+PROMPT TOKENS\s+COMPLETION TOKENS\s+COST \(USD\)\s+UNPRICED$/);
    const ends = ['REQUESTS', 'PROMPT TOKENS', 'COMPLETION TOKENS', 'COST (USD)', 'UNPRICED'].map((h) => header.indexOf(h) + h.length);
    const body = lines.filter((l) => /^(payments|search|TOTAL)\s/.test(l));
    for (const l of body) for (const end of ends) expect(l[end - 1], `${l} @${end}`).toMatch(/\d/);
    return body.map((l) => l.split(/\s+/));
  }

  it('`switchyard usage` prints an aligned table per team (a separate process reading the same ledger)', async () => {
    expect(existsSync(join(here, '..', 'dist', 'index.js')), 'build the package first (pnpm build)').toBe(true);
    await fetch(`${gw.url}/admin/usage`, { headers: admin }); // flushes the server's buffer
    const r = cli([]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = tableLines(r.stdout);
    const team = byKey.get('team') as Map<string | null, Expect>;
    expect(rows.map((c) => c[0])).toEqual([...[...team.entries()].sort((a, b) => b[1].cost_usd - a[1].cost_usd).map(([k]) => k), 'TOTAL']);
    const payments = rows.find((c) => c[0] === 'payments');
    expect(Number(payments?.[1])).toBe(team.get('payments')?.requests);
    expect(Number(payments?.[4])).toBeCloseTo(team.get('payments')?.cost_usd as number, 6);
    expect(rows.at(-1)?.[1]).toBe(String(TRAFFIC.length));
  });

  it('takes --group-by, --since and --format through the CLI; exits non-zero on bad flags', () => {
    const table = cli(['--group-by', 'team', '--since', '7d']);
    expect(table.status, table.stderr).toBe(0);
    expect(tableLines(table.stdout).at(-1)?.[1]).toBe(String(TRAFFIC.length));
    const bad = cli(['--format', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be table, csv or json');
  });

  /** The same command in-process, against the running server's ledger. */
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const cmd = gw.gateway.command('usage');
    if (!cmd) throw new Error('no usage command');
    const code = await cmd.run(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  }

  it('takes --until and --format csv|json', async () => {
    expect(tableLines((await run(['--since', '2099-01-01'])).out)).toEqual([['TOTAL', '0', '0', '0', '0.000000', '0']]);
    const csv = await run(['--group-by', 'provider', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')[0]).toBe('group,requests,prompt_tokens,completion_tokens,cost_usd,unpriced_requests');
    const json = JSON.parse((await run(['--group-by', 'model', '--format', 'json', '--until', String(Date.now() + 60_000)])).out);
    expect(json.totals.requests).toBe(TRAFFIC.length);
    expectRows(json.rows, 'model');
  });

  it('refuses bad options with a message and a non-zero exit', async () => {
    const bad = await run(['--group-by', 'planet']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--group-by');
    expect((await run(['--colour'])).code).toBe(2);
    expect((await run(['--format', 'xml'])).code).toBe(2);
    expect((await run(['--since', '2026-02-01', '--until', '2026-01-01'])).err).toContain('--until');
  });
});
