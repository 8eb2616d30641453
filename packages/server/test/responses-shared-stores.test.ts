// The shared response stores (real Redis and PostgreSQL from testkit): a conversation continues on
// another instance, records expire with their TTL, and a store outage is a 503 on reads while a
// finished answer is still delivered (`store: false`) and readiness reports the store.
import { anthropicProvider } from '@switchyard/provider-anthropic';
import {
  type FakeAnthropicUpstream,
  startFakeAnthropicUpstream,
  startPostgres,
  startRedis,
  type TestPostgres,
  type TestRedis,
} from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponsesConfig } from '../src/index.js';
import { type RunningGateway, startGateway } from './harness.js';

let anthropic: FakeAnthropicUpstream;
let redis: TestRedis;
let postgres: TestPostgres;
const running: RunningGateway[] = [];

beforeAll(async () => {
  anthropic = await startFakeAnthropicUpstream({ apiKey: 'k' });
  anthropic.reply((body: any) => ({ content: [{ type: 'text', text: `messages: ${body.messages.length}` }] }));
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
}, 60_000);

afterAll(async () => {
  for (const gw of running) await gw.close();
  await anthropic?.close();
  await redis?.stop();
  await postgres?.stop();
});

async function instance(responses: Partial<ResponsesConfig>): Promise<OpenAI> {
  const gw = await startGateway(
    {
      server: { responses } as never,
      providers: { anthropic: { type: 'anthropic', apiKey: 'k', baseUrl: anthropic.baseUrl } },
      models: { claude: { provider: 'anthropic', model: 'claude-sonnet-4-5' } },
    },
    { providers: [anthropicProvider] },
  );
  running.push(gw);
  return new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const kind of ['redis', 'postgres'] as const) {
  describe(`${kind} response store`, () => {
    let config: Partial<ResponsesConfig>;
    beforeAll(async () => {
      config =
        kind === 'redis'
          ? { store: 'redis', url: redis.url, keyPrefix: `t${Date.now()}:` }
          : { store: 'postgres', url: await postgres.createDatabase() };
    });

    it('a conversation started on one instance continues on another', async () => {
      const a = await instance(config);
      const b = await instance(config);
      const first = await a.responses.create({ model: 'claude', input: 'one' });
      const second = await b.responses.create({ model: 'claude', input: 'two', previous_response_id: first.id });
      expect(second.output_text).toBe('messages: 3');
      expect((await b.responses.retrieve(first.id)).output_text).toBe('messages: 1');
      await b.responses.delete(first.id);
      await expect(a.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    });

    it('records expire with ttlSeconds', async () => {
      const c = await instance({ ...config, ttlSeconds: 2 });
      const res = await c.responses.create({ model: 'claude', input: 'short-lived' });
      expect((await c.responses.retrieve(res.id)).id).toBe(res.id);
      await sleep(2300);
      await expect(c.responses.retrieve(res.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    });

    it('a conversation above maxRecordBytes is answered but not stored, and says so', async () => {
      const c = await instance({ ...config, maxRecordBytes: 2048 });
      const res = await c.responses.create({ model: 'claude', input: 'x'.repeat(4096) });
      expect(res.output_text).toBe('messages: 1');
      expect(res.store).toBe(false);
      await expect(c.responses.retrieve(res.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    });
  });
}

describe('a Redis outage', () => {
  it('reads are 503 store_unavailable, answers still arrive unstored, readiness reports it', async () => {
    const local = await startRedis();
    const gw = await startGateway(
      {
        server: { responses: { store: 'redis', url: local.url, timeoutMs: 200 } } as never,
        providers: { anthropic: { type: 'anthropic', apiKey: 'k', baseUrl: anthropic.baseUrl } },
        models: { claude: { provider: 'anthropic', model: 'claude-sonnet-4-5' } },
      },
      { providers: [anthropicProvider] },
    );
    running.push(gw);
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const kept = await client.responses.create({ model: 'claude', input: 'before' });
    expect(kept.store).toBe(true);
    await local.stop();
    const read = await client.responses.create({ model: 'claude', input: 'after', previous_response_id: kept.id }).catch((e) => e);
    expect(read).toBeInstanceOf(OpenAI.APIError);
    expect(read.status).toBe(503);
    expect(read.code).toBe('store_unavailable');
    const unstored = await client.responses.create({ model: 'claude', input: 'no store now' });
    expect(unstored.output_text).toBe('messages: 1');
    expect(unstored.store).toBe(false);
    const ready = await (await fetch(`${gw.url}/readyz`)).json();
    expect(ready.checks['responses-store:redis']).toMatchObject({ ok: false, critical: false });
  });
});
