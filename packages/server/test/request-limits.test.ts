// Bounded request text (model names, attribution headers, log lines), JSON-only bodies and a JSON depth limit.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatBody, type RunningGateway, startGateway } from './harness.js';

const lines: string[] = [];
let gw: RunningGateway;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  gw = await startGateway(
    {
      server: { logLevel: 'info' },
      providers: { mock: { type: 'mock' } },
      models: { fast: { provider: 'mock', model: 'echo' } },
    },
    { logger: pino({ level: 'info' }, sink) },
  );
});
afterAll(() => gw?.close());

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const r = await request(`${gw.baseURL}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await r.body.text();
  return { status: r.statusCode, text, json: JSON.parse(text), ms: performance.now() - t0 };
}

describe('bounded request text', () => {
  it('a 5 MB model name -> 400 field_too_long; no log line carries it', async () => {
    const model = 'm'.repeat(5 * 1024 * 1024);
    for (const path of ['/chat/completions', '/embeddings', '/messages', '/messages/count_tokens']) {
      const body =
        path === '/embeddings'
          ? { model, input: 'x' }
          : path.startsWith('/messages')
            ? { model, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }
            : chatBody(model);
      const r = await post(path, JSON.stringify(body));
      expect(r.status, path).toBe(400);
      expect(r.text, path).toMatch(/model is too long/);
      if (!path.startsWith('/messages')) expect(r.json.error).toMatchObject({ code: 'field_too_long', param: 'model' });
    }
    // The whole 5 MB as a URL is refused by Node's header limit; a long path is logged cut.
    const long = await request(`${gw.url}/${'p'.repeat(8000)}`);
    expect(long.statusCode).toBe(404);
    await long.body.dump();
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line.length).toBeLessThan(2048);
  });

  it('attribution headers: too long or too many -> 400 field_too_long naming the header', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'x-switchyard-feature': 'f'.repeat(200) }, 'x-switchyard-feature'],
      [{ 'x-switchyard-customer': 'c'.repeat(8000) }, 'x-switchyard-customer'],
      [{ 'x-switchyard-tags': Array.from({ length: 40 }, (_, i) => `t${i}`).join(',') }, 'x-switchyard-tags'],
    ];
    for (const [headers, param] of cases) {
      const r = await post('/chat/completions', JSON.stringify(chatBody('fast')), headers);
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: 'field_too_long', param });
    }
    const ok = await post('/chat/completions', JSON.stringify(chatBody('fast')), {
      'x-switchyard-tags': 'a,b',
      'x-switchyard-feature': 'f',
    });
    expect(ok.status).toBe(200);
  });
});

describe('JSON bodies', () => {
  it('100k-level nested JSON -> 400 json_too_deep, fast; brackets inside strings do not count', async () => {
    for (const nested of [
      '['.repeat(100_000) + ']'.repeat(100_000),
      `{"model":"fast","x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    ]) {
      const r = await post('/chat/completions', nested);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('json_too_deep');
      expect(r.ms).toBeLessThan(1000);
    }
    const quoted = JSON.stringify(chatBody('fast', `${'['.repeat(1000)} "quoted" \\ ${'{'.repeat(1000)}`));
    expect((await post('/chat/completions', quoted)).status).toBe(200);
    const deepButAllowed = JSON.stringify(chatBody('fast', 'x', { metadata_extra: JSON.parse(`${'['.repeat(100)}1${']'.repeat(100)}`) }));
    expect((await post('/chat/completions', deepButAllowed)).status).toBe(200);
  });

  it('application/json with a charset and +json media types are accepted', async () => {
    const body = JSON.stringify(chatBody('fast'));
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.switchyard+json']) {
      expect((await post('/chat/completions', body, { 'content-type': type })).status, type).toBe(200);
    }
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
      const r = await post('/chat/completions', body, { 'content-type': type });
      expect(r.status, type).toBe(415);
      expect(r.json.error.code).toBe('unsupported_media_type');
    }
  });
});
