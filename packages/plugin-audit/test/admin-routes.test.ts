// GET /admin/audit/:requestId and GET /admin/audit: admin key, filters, bounds, validation, 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/index.js';
import { ADMIN_KEY, ALPHA_KEY, BETA_KEY, httpJson, postJson, type Running, startServer, tmpFile } from './helpers.js';

let run: Running;
const ids: Record<string, string[]> = { alpha: [], beta: [] };
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
let startedAt: number;

beforeAll(async () => {
  run = await startServer({ store: 'sqlite', path: tmpFile('admin.db') });
  startedAt = Date.now();
  const send = async (key: string, team: 'alpha' | 'beta', model: string) => {
    const res = await postJson(
      `${run.url}/v1/chat/completions`,
      { model, messages: [{ role: 'user', content: `${team} ${model}` }] },
      {
        authorization: `Bearer ${key}`,
      },
    );
    ids[team]?.push(res.headers.get('x-request-id') as string);
  };
  for (let i = 0; i < 3; i++) await send(ALPHA_KEY, 'alpha', 'fast');
  await send(ALPHA_KEY, 'alpha', 'broken');
  for (let i = 0; i < 2; i++) await send(BETA_KEY, 'beta', 'smart');
});
afterAll(async () => {
  await run?.close();
});

const list = (query: string, headers: Record<string, string> = admin) => httpJson(`${run.url}/admin/audit${query}`, { headers });

describe('admin access', () => {
  it.each([
    ['no key', {}],
    ['a gateway key', { authorization: `Bearer ${ALPHA_KEY}` }],
    ['a wrong admin key', { authorization: 'Bearer nope' }],
  ])('refuses %s with 401 on both routes', async (_name, headers) => {
    for (const path of ['/admin/audit', `/admin/audit/${ids.alpha[0]}`]) {
      const res = await httpJson(`${run.url}${path}`, { headers });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('invalid_admin_key');
      expect(res.text).not.toContain('alpha fast');
    }
  });
});

describe('GET /admin/audit/:requestId', () => {
  it('returns the record of that request', async () => {
    const res = await httpJson(`${run.url}/admin/audit/${ids.beta[0]}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ requestId: ids.beta[0], alias: 'smart', principal: { team: 'beta' }, status: 'success' });
  });

  it('answers 404 for an unknown id and 400 for an id that could never exist', async () => {
    const missing = await httpJson(`${run.url}/admin/audit/no-such-request`, { headers: admin });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'audit_record_not_found', param: 'requestId' });
    const bad = await httpJson(`${run.url}/admin/audit/${encodeURIComponent('bad id<script>')}`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('requestId');
  });
});

describe('GET /admin/audit', () => {
  it('lists newest first, filtered by team, alias and status', async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ object: 'list', has_more: false });
    expect(all.json.data).toHaveLength(6);
    const ts = all.json.data.map((r: AuditRecord) => r.ts);
    expect([...ts].sort((a, b) => b - a)).toEqual(ts);

    const beta = await list('?team=beta');
    expect(beta.json.data.map((r: AuditRecord) => r.requestId).sort()).toEqual([...(ids.beta ?? [])].sort());
    const fast = await list('?alias=fast&team=alpha');
    expect(fast.json.data).toHaveLength(3);
    const errors = await list('?status=error');
    expect(errors.json.data.map((r: AuditRecord) => r.requestId)).toEqual([ids.alpha[3]]);
  });

  it('filters by time: since (ISO, epoch ms or a duration) and until', async () => {
    expect((await list(`?since=${startedAt - 60_000}`)).json.data).toHaveLength(6);
    expect((await list('?since=1h')).json.data).toHaveLength(6);
    expect((await list(`?since=${new Date(Date.now() + 60_000).toISOString()}`)).json.data).toHaveLength(0);
    expect((await list(`?until=${startedAt - 60_000}`)).json.data).toHaveLength(0);
  });

  it('bounds limit and says when there is more', async () => {
    const two = await list('?limit=2');
    expect(two.json.data).toHaveLength(2);
    expect(two.json.has_more).toBe(true);
    const max = await list('?limit=1000');
    expect(max.status).toBe(200);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=-1', 'limit'],
    ['since=yesterday', 'since'],
    ['until=2020-13-45', 'until'],
    ['since=1h&until=2h', 'until'],
    ['status=ok', 'status'],
    [`alias=${'a'.repeat(300)}`, 'alias'],
    ['team=', 'team'],
    ['tema=alpha', 'tema'],
    ['team=a&team=b', 'team'],
  ])('answers 400 naming the parameter for %s', async (query, param) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param });
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });
});
