import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolateEnv, loadConfigFile } from '../src/config.js';

function file(text: string, ext = 'yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-config-'));
  const p = join(dir, `c.${ext}`);
  writeFileSync(p, text);
  return p;
}

describe('config loading', () => {
  it('interpolates ${ENV} and ${ENV:-default}, keeping numbers typed', () => {
    const out = interpolateEnv({ a: '${A}', b: 'x-${B:-dflt}', port: '${PORT}' }, { A: 'one', PORT: '9000' });
    expect(out).toEqual({ a: 'one', b: 'x-dflt', port: 9000 });
  });
  it('names the key path of a missing variable', () => {
    expect(() => interpolateEnv({ providers: { openai: { apiKey: '${NOPE_KEY}' } } }, {})).toThrow(
      /providers\.openai\.apiKey: environment variable NOPE_KEY is not set/,
    );
  });
  it('loads YAML and JSON with defaults', async () => {
    const y = await loadConfigFile(
      file('server: { port: 1234 }\nproviders: { m: { type: mock } }\nmodels: { a: { provider: m, model: echo } }\n'),
      {},
    );
    expect(y.server).toMatchObject({ host: '127.0.0.1', port: 1234 });
    expect(y.models.a?.targets[0]).toMatchObject({ provider: 'm', model: 'echo', weight: 1 });
    const j = await loadConfigFile(file(JSON.stringify({ server: { port: 5 } }), 'json'), {});
    expect(j.server.port).toBe(5);
  });
  it('reports the path of a bad key, and unknown keys', async () => {
    await expect(loadConfigFile(file('server: { port: "abc" }\n'), {})).rejects.toThrow(/server\.port/);
    await expect(loadConfigFile(file('server: { prot: 1 }\n'), {})).rejects.toThrow(/server.*prot/);
    await expect(loadConfigFile(file('models: { a: { strategy: fallback, targets: [] } }\n'), {})).rejects.toThrow(/models\.a/);
    await expect(loadConfigFile(file('router: { retries: -1 }\n'), {})).rejects.toThrow(/router\.retries/);
  });
  it('reports YAML syntax errors and missing files clearly', async () => {
    await expect(loadConfigFile(file('server: [\n'), {})).rejects.toThrow(/not valid YAML/);
    await expect(loadConfigFile('/nonexistent/switchyard.yaml', {})).rejects.toThrow(/Cannot read config file/);
  });
});
