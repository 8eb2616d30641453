// What a record holds for each kind of outcome, through a real server and the official openai SDK,
// with the audit log in a real SQLite file.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/index.js';
import {
  ALPHA_KEY,
  BETA_KEY,
  CACHED_ANSWER,
  GATEWAY_KEYS,
  httpJson,
  PLACEHOLDER,
  PROVIDER_KEY,
  postJson,
  type Running,
  SECRET_EMAIL,
  sqliteRecords,
  sqliteRecordTexts,
  startServer,
  tmpFile,
  USD_PER_COMPLETION_TOKEN,
} from './helpers.js';

let run: Running;
let dbPath: string;
let client: OpenAI;

beforeAll(async () => {
  dbPath = tmpFile('audit.db');
  run = await startServer({ store: 'sqlite', path: dbPath, aliases: { meta: { capture: 'metadata' }, quiet: { capture: 'off' } } });
  client = new OpenAI({
    baseURL: `${run.url}/v1`,
    apiKey: ALPHA_KEY,
    maxRetries: 0,
    defaultHeaders: { 'x-switchyard-feature': 'search', 'x-switchyard-customer': 'acme', 'x-switchyard-tags': 'eval, nightly' },
  });
});
afterAll(async () => {
  await run?.close();
});

async function recordOf(requestId: string | null): Promise<AuditRecord> {
  expect(requestId).toBeTruthy();
  const r = await run.audit.get(requestId as string);
  expect(r, `record ${requestId}`).toBeDefined();
  return r as AuditRecord;
}

describe('records', () => {
  it('a non-stream success records principal, attribution, route, usage, cost, timings and both bodies; requestId is x-request-id', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'hello audit' }] })
      .withResponse();
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(r).toMatchObject({
      v: 1,
      endpoint: 'chat',
      capture: 'full',
      principal: { keyId: 'key_alpha', team: 'alpha', user: 'ann' },
      attribution: { feature: 'search', customer: 'acme', tags: ['eval', 'nightly'] },
      alias: 'fast',
      route: ['m/echo'],
      provider: 'm',
      model: 'echo',
      attempts: 1,
      stream: false,
      status: 'success',
      errorCode: null,
      cache: 'miss',
      redaction: null,
      replayOf: null,
    });
    expect(r.usage).toEqual(data.usage);
    expect(r.costUsd).toBeCloseTo((data.usage?.completion_tokens ?? 0) * USD_PER_COMPLETION_TOKEN, 12);
    expect(r.timings.totalMs).toBeGreaterThan(0);
    expect(r.request).toMatchObject({ model: 'fast', messages: [{ role: 'user', content: 'hello audit' }] });
    expect((r.response as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('hello audit');
    expect(Math.abs(r.ts - Date.now())).toBeLessThan(10_000);
  });

  it('a fallback records every target tried and the attempts', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: 'fall back' }] })
      .withResponse();
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(r).toMatchObject({ route: ['m/fail-503', 'm/echo'], attempts: 2, model: 'echo', status: 'success' });
  });

  it('an upstream error after admission is recorded with its code, the request, and no response', async () => {
    const res = await postJson(
      `${run.url}/v1/chat/completions`,
      { model: 'broken', messages: [{ role: 'user', content: 'fail me' }] },
      {
        authorization: `Bearer ${ALPHA_KEY}`,
      },
    );
    expect(res.status).toBe(400);
    const r = await recordOf(res.headers.get('x-request-id'));
    expect(r).toMatchObject({ status: 'error', errorCode: res.json.error.code, route: ['m/fail-400'], response: null });
    expect(r.request).toMatchObject({ model: 'broken' });
  });

  it('a stream is recorded with the assembled answer, time to first token and usage', async () => {
    const { data, response } = await client.chat.completions
      .create({
        model: 'fast',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'one two three four' }],
      })
      .withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three four');
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(r).toMatchObject({ stream: true, status: 'success', usage: { completion_tokens: 4 } });
    expect((r.response as { choices: { message: { content: string }; finish_reason: string }[] }).choices[0]).toMatchObject({
      message: { content: 'one two three four' },
      finish_reason: 'stop',
    });
    expect(r.timings.ttftMs).toBeGreaterThan(0);
    expect(r.timings.ttftMs as number).toBeLessThanOrEqual(r.timings.totalMs);
  });

  it('a cache hit is recorded as a hit with no route and no attempts', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'cached', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(CACHED_ANSWER);
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(r).toMatchObject({ cache: 'hit', route: [], attempts: 0, status: 'success', costUsd: null });
    expect((r.response as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(CACHED_ANSWER);
  });

  it('a caller-chosen x-request-id is the record id', async () => {
    const res = await postJson(
      `${run.url}/v1/chat/completions`,
      { model: 'fast', messages: [{ role: 'user', content: 'mine' }] },
      {
        authorization: `Bearer ${BETA_KEY}`,
        'x-request-id': 'caller-id-42',
      },
    );
    expect(res.headers.get('x-request-id')).toBe('caller-id-42');
    expect(await recordOf('caller-id-42')).toMatchObject({ principal: { team: 'beta' }, status: 'success' });
  });

  it('embeddings are recorded without their vectors', async () => {
    const res = await postJson(
      `${run.url}/v1/embeddings`,
      { model: 'embed', input: ['a b', 'c d'], dimensions: 8 },
      { authorization: `Bearer ${ALPHA_KEY}` },
    );
    expect(res.status).toBe(200);
    const r = await recordOf(res.headers.get('x-request-id'));
    expect(r.endpoint).toBe('embeddings');
    expect((r.response as { data: { embedding: string }[] }).data.map((d) => d.embedding)).toEqual(['float[8]', 'float[8]']);
  });
});

describe('capture levels', () => {
  it('metadata capture (per alias) keeps everything but the bodies', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'meta', messages: [{ role: 'user', content: 'private words' }] })
      .withResponse();
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(r).toMatchObject({ capture: 'metadata', alias: 'meta', status: 'success', request: null, response: null });
    expect(r.usage?.completion_tokens).toBe(2);
  });

  it('capture off (per alias) records nothing', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'quiet', messages: [{ role: 'user', content: 'nothing' }] })
      .withResponse();
    await run.audit.flush();
    expect(await run.audit.get(response.headers.get('x-request-id') as string)).toBeUndefined();
  });

  it('requests never admitted (no key, bad JSON, unknown model before admission) leave no record', async () => {
    const before = sqliteRecords(dbPath).length;
    const noKey = await postJson(`${run.url}/v1/chat/completions`, { model: 'fast', messages: [{ role: 'user', content: 'x' }] });
    expect(noKey.status).toBe(401);
    const badJson = await httpJson(`${run.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALPHA_KEY}`, 'content-type': 'application/json' },
      body: '{"model":',
    });
    expect(badJson.status).toBe(400);
    const invalid = await postJson(
      `${run.url}/v1/chat/completions`,
      { model: 'fast', messages: [] },
      { authorization: `Bearer ${ALPHA_KEY}` },
    );
    expect(invalid.status).toBe(400);
    await run.audit.flush();
    expect(sqliteRecords(dbPath).length).toBe(before);
    for (const res of [noKey, badJson, invalid]) expect(await run.audit.get(res.headers.get('x-request-id') as string)).toBeUndefined();
  });
});

describe('redaction', () => {
  it('records the masked request, the answer as the upstream gave it (before restore) and the findings; the client gets the restored answer', async () => {
    const content = `mail ${SECRET_EMAIL} now`;
    const { data, response } = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(content);
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(r.redaction).toEqual({ email: 1 });
    expect(JSON.stringify(r)).not.toContain(SECRET_EMAIL);
    expect(JSON.stringify(r.request)).toContain(PLACEHOLDER);
    expect((r.response as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(`mail ${PLACEHOLDER} now`);
  });

  it('a restored stream is recorded as the upstream sent it', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'fast', stream: true, messages: [{ role: 'user', content: `to ${SECRET_EMAIL}` }] })
      .withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(`to ${SECRET_EMAIL}`);
    const r = await recordOf(response.headers.get('x-request-id'));
    expect(JSON.stringify(r)).not.toContain(SECRET_EMAIL);
    expect((r.response as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(`to ${PLACEHOLDER}`);
  });

  it('a request refused inside transformRequest is recorded without its (unredacted) body', async () => {
    const res = await postJson(
      `${run.url}/v1/chat/completions`,
      { model: 'fast', messages: [{ role: 'user', content: `BLOCKME ${SECRET_EMAIL}` }] },
      {
        authorization: `Bearer ${ALPHA_KEY}`,
      },
    );
    expect(res.status).toBe(400);
    const r = await recordOf(res.headers.get('x-request-id'));
    expect(r).toMatchObject({ status: 'error', errorCode: 'redaction_blocked', request: null, response: null });
    expect(JSON.stringify(r)).not.toContain(SECRET_EMAIL);
  });
});

describe('keys', () => {
  it('no record contains the provider key or a gateway key, even when a caller pastes the provider key into a message', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: `my key is ${PROVIDER_KEY}` }] })
      .withResponse();
    const pasted = await recordOf(response.headers.get('x-request-id'));
    expect(JSON.stringify(pasted)).toContain('[redacted]');
    await run.audit.flush();
    const texts = sqliteRecordTexts(dbPath);
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) {
      expect(text).not.toContain(PROVIDER_KEY);
      for (const key of Object.keys(GATEWAY_KEYS)) expect(text).not.toContain(key);
    }
    expect(run.audit.stats().scrubbed).toBeGreaterThanOrEqual(1);
  });
});
