// Bad input gets a clear, coded error and never hurts the server; a property-based fuzz run proves it at scale.
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, type RunningGateway, startGateway } from './harness.js';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway({
    server: { bodyLimit: 64 * 1024 },
    providers: { mock: { type: 'mock' } },
    models: { fast: { provider: 'mock', model: 'echo' }, embed: { provider: 'mock', model: 'embed' } },
  });
});
afterAll(() => gw?.close());

async function healthy(): Promise<void> {
  const r = await postJson(`${gw.baseURL}/chat/completions`, { model: 'fast', messages: [{ role: 'user', content: 'still ok' }] });
  expect(r.status).toBe(200);
}

describe('bad input', () => {
  const cases: [string, string | object, number, string][] = [
    ['invalid JSON', '{"model": "fast", "messages": [', 400, 'invalid_json'],
    ['not an object', '[1,2,3]', 400, 'invalid_request'],
    ['missing messages', { model: 'fast' }, 400, 'invalid_request'],
    ['empty messages', { model: 'fast', messages: [] }, 400, 'invalid_request'],
    ['wrong types', { model: 42, messages: 'hi' }, 400, 'invalid_request'],
    ['unknown role', { model: 'fast', messages: [{ role: 'wizard', content: 'x' }] }, 400, 'invalid_request'],
    ['temperature out of range', { model: 'fast', messages: [{ role: 'user', content: 'x' }], temperature: 9 }, 400, 'invalid_request'],
    ['unknown model', { model: 'ghost', messages: [{ role: 'user', content: 'x' }] }, 404, 'model_not_found'],
    ['empty body', '', 400, 'invalid_json'],
  ];
  for (const [name, body, status, code] of cases) {
    it(`${name} -> ${status} ${code}`, async () => {
      const r = await postJson(`${gw.baseURL}/chat/completions`, body);
      expect(r.status).toBe(status);
      expect(r.json.error.code).toBe(code);
      expect(typeof r.json.error.message).toBe('string');
      expect(r.text).not.toMatch(/\n\s+at /);
      await healthy();
    });
  }

  it('names the offending field', async () => {
    const r = await postJson(`${gw.baseURL}/chat/completions`, { model: 'fast', messages: [{ role: 'user', content: 1 }] });
    expect(r.json.error.message).toMatch(/messages\[0\]/);
    expect(r.json.error.param).toMatch(/^messages\[0\]/);
  });

  it('oversized body -> 413 request_too_large', async () => {
    const big = { model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] };
    const r = await postJson(`${gw.baseURL}/chat/completions`, big);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('request_too_large');
    await healthy();
  });

  it('unknown route -> 404 JSON; embeddings validation', async () => {
    const r = await postJson(`${gw.baseURL}/nope`, {});
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
    const e = await postJson(`${gw.baseURL}/embeddings`, { model: 'embed' });
    expect(e.status).toBe(400);
    expect(e.json.error.message).toMatch(/input/);
  });

  it('a body without content-type (or a form, or text/plain) -> 415 unsupported_media_type', async () => {
    const body = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'x' }] });
    for (const headers of [{}, { 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }]) {
      const r = await request(`${gw.baseURL}/chat/completions`, { method: 'POST', body, headers });
      expect(r.statusCode).toBe(415);
      expect(((await r.body.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    await healthy();
  });
});

describe('fuzz', () => {
  const valid = { model: 'fast', messages: [{ role: 'user', content: 'hi' }] };
  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  const mutated = fc.oneof(
    jsonValue,
    fc.record(
      {
        model: fc.oneof(fc.string(), jsonValue),
        messages: fc.oneof(
          jsonValue,
          fc.array(fc.record({ role: fc.constantFrom('user', 'system', 'assistant', 'tool', 'x'), content: jsonValue })),
        ),
      },
      { requiredKeys: [] },
    ),
    fc
      .dictionary(
        fc.constantFrom(
          'model',
          'messages',
          'stream',
          'tools',
          'temperature',
          'max_tokens',
          'n',
          'stop',
          'response_format',
          'stream_options',
          '__proto__',
          'constructor',
        ),
        jsonValue,
      )
      .map((extra) => ({ ...valid, ...extra })),
  );
  const bodyText = fc.oneof(
    mutated.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    mutated.map((v) => JSON.stringify(v)).chain((s) => fc.nat({ max: Math.max(0, s.length) }).map((cut) => s.slice(0, cut))),
  );
  const headers = fc.dictionary(
    fc.constantFrom(
      'x-switchyard-tags',
      'x-switchyard-feature',
      'x-switchyard-customer',
      'x-switchyard-cache',
      'x-request-id',
      'content-type',
      'authorization',
    ),
    fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  );

  it('thousands of generated bodies and headers: no 5xx from the gateway, no crash', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodyText, headers, fc.constantFrom('/chat/completions', '/embeddings'), async (body, hdrs, path) => {
        const r = await request(`${gw.baseURL}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...hdrs } });
        const text = await r.body.text();
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        if (r.statusCode >= 500) throw new Error(`${r.statusCode} for ${body.slice(0, 200)}: ${text}`);
        if (r.statusCode !== 200) {
          const err = JSON.parse(text).error;
          if (typeof err?.code !== 'string' || typeof err?.message !== 'string') throw new Error(`uncoded error: ${text}`);
        }
      }),
      { numRuns: 2500 },
    );
    expect(statuses.get(400)).toBeGreaterThan(100);
    await healthy();
  }, 120_000);
});
