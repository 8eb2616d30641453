// Cost per request over real HTTP: non-stream headers, cached and cache-write tokens, streams,
// aborted and failed streams (estimated usage), unpriced models, attribution.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGateway } from '@switchyard/core';
import { openaiProvider } from '@switchyard/provider-openai';
import { type FakeAnthropicUpstream, type FakeUpstream, startFakeAnthropicUpstream, startFakeUpstream } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costPlugin, getCostStats } from '../src/index.js';
import {
  chat,
  MOCK_PRICE,
  memoryLogger,
  mockCost,
  post,
  type Running,
  sqliteRows,
  startServer,
  streamUsage,
  tmpDb,
  until,
} from './helpers.js';

/** An OpenAI upstream reporting prompt-cache hits; `gpt-4.1` answers as its dated snapshot. */
function openaiWithCache(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    const model = JSON.parse(body).model as string;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-cache',
        object: 'chat.completion',
        created: 1,
        model: model === 'gpt-4.1' ? 'gpt-4.1-2025-04-14' : model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'cached answer' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1_000, completion_tokens: 200, total_tokens: 1_200, prompt_tokens_details: { cached_tokens: 400 } },
      }),
    );
  });
}

let oa: FakeUpstream;
let ant: FakeAnthropicUpstream;
let gw: Running;
let db: string;

const rowOf = async (id: string) => {
  await until(() => sqliteRows(db).some((r) => r.request_id === id));
  return sqliteRows(db).find((r) => r.request_id === id) as ReturnType<typeof sqliteRows>[number];
};

beforeAll(async () => {
  oa = await startFakeUpstream({ handler: openaiWithCache });
  ant = await startFakeAnthropicUpstream();
  ant.reply({
    content: [{ type: 'text', text: 'from the cache' }],
    usage: { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1_000, cache_creation_input_tokens: 2_000 },
    model: 'claude-sonnet-4-5-20250929',
  });
  db = tmpDb();
  gw = await startServer(
    {
      providers: {
        m: { type: 'mock' },
        oa: { type: 'openai', baseUrl: oa.baseUrl, apiKey: 'sk-test' },
        ant: { type: 'anthropic', baseUrl: ant.baseUrl, apiKey: 'sk-ant-test' },
      },
      models: {
        echo: { provider: 'm', model: 'echo' },
        slow: { provider: 'm', model: 'echo+delay-60' },
        drop: { provider: 'm', model: 'echo+drop-after-2' },
        gpt: { provider: 'oa', model: 'gpt-4.1' },
        claude: { provider: 'ant', model: 'claude-sonnet-4-5' },
        mystery: { provider: 'oa', model: 'gpt-mystery-1' },
      },
    },
    { path: db, prices: { 'mock/*': MOCK_PRICE }, flushIntervalMs: 20 },
  );
});

afterAll(async () => {
  await gw?.close();
  await oa?.close();
  await ant?.close();
});

describe('non-stream responses', () => {
  it('carry x-switchyard-cost-usd, and the ledger records the same cost', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('echo'));
    expect(r.status).toBe(200);
    const expected = mockCost(r.json.usage);
    expect(expected).toBeGreaterThan(0);
    expect(r.headers.get('x-switchyard-cost-usd')).toBe(expected.toFixed(8));
    const row = await rowOf(r.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ status: 'success', provider: 'm', model: 'echo', requested_model: 'echo', priced: 1, usage_estimated: 0 });
    expect(row.cost_usd).toBeCloseTo(expected, 10);
  });

  it('price cached prompt tokens at the cached rate (OpenAI, dated snapshot id)', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('gpt'));
    expect(r.status).toBe(200);
    // gpt-4.1: $2 input, $0.50 cached input, $8 output per 1M tokens.
    const expected = (600 * 2 + 400 * 0.5 + 200 * 8) / 1e6;
    expect(r.headers.get('x-switchyard-cost-usd')).toBe(expected.toFixed(8));
    const row = await rowOf(r.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ model: 'gpt-4.1-2025-04-14', prompt_tokens: 1_000, cached_tokens: 400, completion_tokens: 200 });
    expect(row.cost_usd).toBeCloseTo(expected, 10);
  });

  it('price Anthropic cache reads and cache writes at their own rates', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('claude', 'hi', { max_tokens: 100 }));
    expect(r.status).toBe(200);
    // claude-sonnet-4-5: $3 input, $0.30 cache hit, $3.75 cache write, $15 output.
    const expected = (100 * 3 + 1_000 * 0.3 + 2_000 * 3.75 + 50 * 15) / 1e6;
    expect(r.headers.get('x-switchyard-cost-usd')).toBe(expected.toFixed(8));
    const row = await rowOf(r.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ prompt_tokens: 3_100, cached_tokens: 1_000, cache_write_tokens: 2_000, completion_tokens: 50 });
    expect(row.cost_usd).toBeCloseTo(expected, 10);
  });

  it('price embeddings by their input tokens', async () => {
    const r = await post(`${gw.url}/v1/embeddings`, { model: 'echo', input: 'five words to embed here' });
    expect(r.status).toBe(200);
    const expected = (r.json.usage.prompt_tokens * MOCK_PRICE.input) / 1e6;
    expect(r.headers.get('x-switchyard-cost-usd')).toBe(expected.toFixed(8));
    const row = await rowOf(r.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ endpoint: 'embeddings', completion_tokens: 0 });
    expect(row.cost_usd).toBeCloseTo(expected, 10);
  });
});

describe('streams', () => {
  it('are priced from the final usage in the ledger', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chat('echo', 'stream me these seven words please', { stream: true, stream_options: { include_usage: true } })),
    });
    const usage = streamUsage(await res.text());
    expect(usage).toBeDefined();
    const row = await rowOf(res.headers.get('x-request-id') as string);
    expect(row).toMatchObject({
      status: 'success',
      usage_estimated: 0,
      prompt_tokens: usage?.prompt_tokens,
      completion_tokens: usage?.completion_tokens,
    });
    expect(row.cost_usd).toBeCloseTo(mockCost(usage as { prompt_tokens: number; completion_tokens: number }), 10);
  });

  it('aborted by the client are priced from estimated usage', async () => {
    const ac = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chat('slow', 'a b c d e f g h i j k l m n o p', { stream: true })),
      signal: ac.signal,
    });
    const reader = res.body?.getReader();
    await reader?.read();
    await reader?.read();
    ac.abort();
    const row = await rowOf(res.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ status: 'aborted', usage_estimated: 1, priced: 1 });
    expect(row.prompt_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeLessThan(16);
    expect(row.cost_usd).toBeCloseTo(mockCost(row), 10);
  });

  it('failing midway are priced from estimated usage and recorded as errors', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chat('drop', 'one two three four five six', { stream: true })),
    });
    await res.text().catch(() => '');
    const row = await rowOf(res.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ status: 'error', usage_estimated: 1, priced: 1 });
    expect(row.error_code).toBeTruthy();
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(row.cost_usd).toBeCloseTo(mockCost(row), 10);
  });
});

describe('unpriced models', () => {
  it('are recorded with a NULL cost and priced=false, counted, and get no cost header', async () => {
    const before = getCostStats(gw.gateway).unpricedRequests;
    const r = await post(`${gw.url}/v1/chat/completions`, chat('mystery'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-cost-usd')).toBeNull();
    const row = await rowOf(r.headers.get('x-request-id') as string);
    expect(row).toMatchObject({ model: 'gpt-mystery-1', priced: 0, cost_usd: null, prompt_tokens: 1_000 });
    const stats = getCostStats(gw.gateway);
    expect(stats.unpricedRequests).toBe(before + 1);
    expect(stats.unpricedByModel['oa/gpt-mystery-1']).toBeGreaterThanOrEqual(1);
  });

  it('are warned about once per model', async () => {
    const logger = memoryLogger();
    const g = createGateway({
      config: {
        providers: { oa: { type: 'openai', baseUrl: oa.baseUrl, apiKey: 'sk-test' } },
        models: { mystery: { provider: 'oa', model: 'gpt-mystery-1' }, other: { provider: 'oa', model: 'gpt-mystery-2' } },
      },
      providers: [openaiProvider],
      plugins: [[costPlugin, { path: ':memory:' }]],
      logger,
    });
    await g.ready();
    for (let i = 0; i < 3; i++) await g.chat(chat('mystery'));
    await g.chat(chat('other'));
    await g.close();
    const warnings = logger.lines.filter((l) => l.level === 'warn' && l.msg?.includes('no price known'));
    expect(warnings.map((w) => (w.obj as { model: string }).model)).toEqual(['gpt-mystery-1', 'gpt-mystery-2']);
    expect(getCostStats(g)).toMatchObject({
      requests: 4,
      unpricedRequests: 4,
      pricedRequests: 0,
      unpricedByModel: { 'oa/gpt-mystery-1': 3 },
    });
  });

  it('are refused before the upstream call with rejectUnpriced', async () => {
    const strict = await startServer(
      {
        providers: { oa: { type: 'openai', baseUrl: oa.baseUrl, apiKey: 'sk-test' } },
        models: { gpt: { provider: 'oa', model: 'gpt-4.1' }, mystery: { provider: 'oa', model: 'gpt-mystery-1' } },
      },
      { path: ':memory:', rejectUnpriced: true },
    );
    try {
      const calls = oa.requests.length;
      const denied = await post(`${strict.url}/v1/chat/completions`, chat('mystery'));
      expect(denied.status).toBe(400);
      expect(denied.json.error).toMatchObject({ code: 'model_unpriced', param: 'model', type: 'invalid_request_error' });
      const direct = await post(`${strict.url}/v1/chat/completions`, chat('oa/gpt-mystery-9'));
      expect(direct.status).toBe(400);
      expect(oa.requests.length).toBe(calls);
      expect((await post(`${strict.url}/v1/chat/completions`, chat('gpt'))).status).toBe(200);
      expect(oa.requests.length).toBe(calls + 1);
    } finally {
      await strict.close();
    }
  });
});

describe('attribution', () => {
  it('records team, user and key from the principal; feature, customer and tags from the context', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('echo'), {
      'x-test-team': 'payments',
      'x-test-user': 'ada',
      'x-switchyard-feature': 'checkout-summary',
      'x-switchyard-customer': 'acme',
      'x-switchyard-tags': 'beta, eu',
    });
    const row = await rowOf(r.headers.get('x-request-id') as string);
    expect(row).toMatchObject({
      team: 'payments',
      user_id: 'ada',
      key_id: 'key-payments',
      feature: 'checkout-summary',
      customer: 'acme',
      tags: '["beta","eu"]',
      endpoint: 'chat',
    });
    const anon = await post(`${gw.url}/v1/chat/completions`, chat('echo'));
    expect(await rowOf(anon.headers.get('x-request-id') as string)).toMatchObject({
      team: 'anonymous',
      user_id: 'anonymous',
      feature: null,
    });
  });
});
