// What reaches the ledger: only requests every admit tap let through, on model endpoints, with every
// string bounded in length and charset (a hostile client or upstream cannot bloat or poison a row).
import { createGateway, definePlugin, type Outcome, SwitchyardError } from '@switchyard/core';
import { openaiProvider } from '@switchyard/provider-openai';
import { createTestGateway, type FakeUpstream, startFakeUpstream } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { costPlugin, getCostLedger, getCostStats } from '../src/index.js';
import { memoryLogger, post, type Running, sqliteRows, startServer, tmpDb, until } from './helpers.js';

const HUGE_MODEL = `gpt-${'x'.repeat(5 * 1024 * 1024)}`;
const CONTROL = 'a\u0000b\u001b[31mc\u0007\u202ed\u2028e\u200bf\r\ng';

/** An OpenAI upstream that answers with a huge, control-laden model name, or errors with a hostile code. */
function hostileUpstream(): Promise<FakeUpstream> {
  return startFakeUpstream({
    handler: (req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const { model } = JSON.parse(body) as { model: string };
        if (model === 'bad-code') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'no', type: 'invalid_request_error', code: `=cmd${'z'.repeat(10_000)}${CONTROL}` } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 1,
            model: `${'m'.repeat(100_000)}${CONTROL}`,
            choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
          }),
        );
      });
    },
  });
}

/** An admit tap after auth that refuses everything, as a quota over its limit would. */
const refuseAll = definePlugin({
  name: 'refuse-all',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gateway) {
    gateway.hooks.admit.tap('refuse-all', () => new SwitchyardError('SY_ERR_RATE_LIMITED', 'no'));
  },
});

let up: FakeUpstream;
let gw: Running;
let db: string;
beforeAll(async () => {
  up = await hostileUpstream();
  db = tmpDb();
  gw = await startServer(
    {
      server: { bodyLimit: 8 * 1024 * 1024 },
      providers: { m: { type: 'mock' }, oa: { type: 'openai', baseUrl: up.baseUrl, apiKey: 'sk-test' } },
      models: { echo: { provider: 'm', model: 'echo' } },
    },
    { path: db, flushIntervalMs: 20 },
  );
});
afterAll(async () => {
  await gw?.close();
  await up?.close();
});

describe('only admitted model requests are recorded', () => {
  it('a request auth refuses leaves no row, nor does a 5 MB model name (refused as too long before admission)', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await post(
        `${gw.url}/v1/chat/completions`,
        { model: 'echo', messages: [{ role: 'user', content: 'hi' }] },
        { authorization: 'Bearer invalid' },
      );
      expect(r.status).toBe(401);
      const huge = await post(
        `${gw.url}/v1/chat/completions`,
        { model: HUGE_MODEL, messages: [{ role: 'user', content: 'hi' }] },
        { authorization: 'Bearer invalid' },
      );
      expect(huge.status).toBe(400);
    }
    const ok = await post(`${gw.url}/v1/chat/completions`, { model: 'echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.status).toBe(200);
    await getCostLedger(gw.gateway).flush();
    const rows = sqliteRows(db);
    expect(rows.map((r) => r.request_id)).toEqual([ok.headers.get('x-request-id')]);
    expect(getCostStats(gw.gateway).requests).toBe(1);
  });

  it('a non-model endpoint (models list, token count) leaves no row, even once admitted, and is never refused as unpriced', async () => {
    const g = await createTestGateway({
      plugins: [[costPlugin, { path: ':memory:', rejectUnpriced: true }]],
      providers: [openaiProvider],
      config: { providers: { oa: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-test' } } },
    });
    try {
      const unpriced = { model: 'oa/gpt-mystery-1', messages: [{ role: 'user' as const, content: 'hi' }] };
      await expect(g.hooks.admit.promise(unpriced, g.createContext('count_tokens'))).resolves.toBeUndefined();
      await expect(g.hooks.admit.promise(unpriced, g.createContext('chat'))).resolves.toMatchObject({ code: 'SY_ERR_MODEL_UNPRICED' });
      for (const endpoint of ['models', 'count_tokens'] as const) {
        const ctx = g.createContext(endpoint);
        ctx.admitted = true;
        const outcome: Outcome = {
          status: 'success',
          request: undefined,
          response: undefined,
          error: undefined,
          usage: undefined,
          durationMs: 1,
        };
        await g.hooks.complete.promise(outcome, ctx);
      }
      expect(getCostStats(g)).toMatchObject({ requests: 0, ledger: { buffered: 0, written: 0 } });
    } finally {
      await g.close();
    }
  });

  it('a request another admit tap refuses leaves no row', async () => {
    const g = await createTestGateway({
      plugins: [[costPlugin, { path: ':memory:' }], refuseAll],
    });
    try {
      await expect(g.chat({ model: 'test', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 429 });
      await new Promise((r) => setTimeout(r, 20));
      expect(getCostStats(g)).toMatchObject({ requests: 0, ledger: { buffered: 0, written: 0 } });
    } finally {
      await g.close();
    }
  });
});

describe('every string in a row is bounded in length and charset', () => {
  const printable = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u;

  it('model names, feature, customer, tags and error codes from clients and upstreams', async () => {
    const logger = memoryLogger();
    const path = tmpDb();
    const g = createGateway({
      config: { providers: { oa: { type: 'openai', baseUrl: up.baseUrl, apiKey: 'sk-test' } } },
      providers: [openaiProvider],
      plugins: [[costPlugin, { path, flushIntervalMs: 20 }]],
      logger,
    });
    await g.ready();
    // Core refuses what is too long and drops C0/C1 controls; the ledger still bounds and cleans what
    // passes (format characters such as bidi overrides, line separators) and what upstreams send.
    const headers = {
      'x-switchyard-feature': `${'f'.repeat(100)}\u202e\u2028`,
      'x-switchyard-customer': `=\u202e${'c'.repeat(100)}`,
      'x-switchyard-tags': Array.from({ length: 16 }, (_, i) => `\u202e${'t'.repeat(i * 4)}`).join(','),
    };
    const requestedModel = `oa/gpt-4.1${'q'.repeat(200)}${CONTROL}`;
    try {
      await g.chat({ model: requestedModel, messages: [{ role: 'user', content: 'hi' }] }, { headers, id: 'big' });
      await g.chat({ model: 'oa/bad-code', messages: [{ role: 'user', content: 'hi' }] }, { id: 'bad' }).catch(() => {});
      await until(() => sqliteRows(path).length === 2);
    } finally {
      await g.close();
    }
    const [big, bad] = sqliteRows(path);
    for (const v of [big?.model, big?.requested_model, big?.feature, big?.customer, bad?.error_code]) {
      expect(typeof v).toBe('string');
      expect((v as string).length).toBeGreaterThan(0);
      expect((v as string).length).toBeLessThanOrEqual(256);
      expect(v).toMatch(printable);
    }
    expect(big?.model?.startsWith('mmmm')).toBe(true);
    expect(big?.requested_model?.startsWith('oa/gpt-4.1qqq')).toBe(true);
    const tags = JSON.parse(big?.tags as string) as string[];
    expect(tags.length).toBeLessThanOrEqual(32);
    for (const t of tags) {
      expect(t.length).toBeLessThanOrEqual(64);
      expect(t).toMatch(printable);
    }
    // Codes are identifiers: letters, digits and _ . : - only.
    expect(bad?.error_code).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
    // The unpriced-model warning names the bounded model, not the 100 KB one.
    const warning = logger.lines.find((l) => l.msg?.includes('no price known'));
    expect(warning).toBeDefined();
    expect(JSON.stringify(warning).length).toBeLessThan(2_000);
    expect(JSON.stringify(warning)).not.toContain('\\u001b');
  });
});
