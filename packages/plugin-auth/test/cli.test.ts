// `switchyard keys ...` through the server CLI's `main`, against the same SQLite store a running server uses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockProvider } from '@switchyard/provider-mock';
import { main } from '@switchyard/server';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authPlugin } from '../src/index.js';
import { hashKey } from '../src/key-format.js';
import { MODELS, startAuthServer, tempDir } from './helpers.js';

const ADMIN_KEY = 'cli-admin-key-0123456789abcdefghijklmn';

function setup() {
  const dir = tempDir();
  const sqlitePath = join(dir, 'keys.db');
  const file = join(dir, 'switchyard.yaml');
  const auth = { store: 'sqlite' as const, sqlitePath, adminKey: ADMIN_KEY };
  writeFileSync(file, JSON.stringify({ providers: { mock: { type: 'mock' } }, models: MODELS, plugins: { auth } }));
  return { file, auth };
}

/**
 * Runs `switchyard keys <args> --config <file>` in-process and returns what it printed and its exit code.
 * The args follow `--` because the server's `main` currently parses every command's options strictly
 * (`--team` is unknown to it) before dispatching plugin commands; `keys` accepts both forms.
 */
async function cli(args: string[], file: string): Promise<{ out: string; err: string; code: number }> {
  const argv = ['keys', '--config', file, '--', ...args];
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    await main(argv, { providers: [mockProvider], plugins: [authPlugin] });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out, err, code };
}

const KEY_RE = /sy-[a-z0-9]+-[A-Za-z0-9_-]+/;

afterEach(() => {
  process.exitCode = undefined;
});

describe('switchyard keys', () => {
  it('create prints the key once; a server on the same store accepts it; list and revoke', async () => {
    const { file, auth } = setup();
    const created = await cli(['create', '--team', 't', '--user', 'u', '--models', 'test,gpt-*', '--name', 'cli'], file);
    expect(created.code).toBe(0);
    const key = KEY_RE.exec(created.out)?.[0] as string;
    expect(key).toBeDefined();
    expect(created.out).toContain(`Hash (for plugins.auth.keys in config): ${hashKey(key)}`);
    const id = key.split('-')[1] as string;

    const gw = await startAuthServer(auth);
    try {
      const client = new OpenAI({ baseURL: gw.baseURL, apiKey: key, maxRetries: 0 });
      const res = await client.chat.completions.create({ model: 'test', messages: [{ role: 'user', content: 'via cli key' }] });
      expect(res.choices[0]?.message.content).toContain('via cli key');
      expect(gw.seen.at(-1)?.principal).toMatchObject({ keyId: id, team: 't', user: 'u', keyName: 'cli' });

      const listed = await cli(['list'], file);
      expect(listed.code).toBe(0);
      expect(listed.out).toMatch(new RegExp(`${id}\\s+store\\s+active\\s+t\\s+u\\s+cli\\s+test,gpt-\\*`));
      expect(listed.out).not.toContain(key);
      expect(listed.out).not.toContain(hashKey(key));

      const revoked = await cli(['revoke', id], file);
      expect(revoked).toMatchObject({ code: 0, out: `Revoked key ${id}.\n` });
      // The running server forgets cached keys within cacheTtlMs; a fresh instance refuses at once.
      const fresh = await startAuthServer(auth);
      try {
        const err = await new OpenAI({ baseURL: fresh.baseURL, apiKey: key, maxRetries: 0 }).chat.completions
          .create({ model: 'test', messages: [{ role: 'user', content: 'x' }] })
          .catch((e) => e);
        expect(err.status).toBe(401);
      } finally {
        await fresh.close();
      }
    } finally {
      await gw.close();
    }
  });

  it('generate prints a key and a config entry that a server with store "none" accepts', async () => {
    const { file } = setup();
    const generated = await cli(['generate', '--team', 'data', '--user', 'dee', '--models', 'test'], file);
    expect(generated.code).toBe(0);
    const key = KEY_RE.exec(generated.out)?.[0] as string;
    const id = key.split('-')[1];
    expect(generated.out).toContain(`- id: ${id}\n  hash: "${hashKey(key)}"\n  team: "data"\n  user: "dee"\n  models: ["test"]`);
    const gw = await startAuthServer({
      store: 'none',
      keys: [{ id: id as string, hash: hashKey(key), team: 'data', user: 'dee', models: ['test'] }],
    });
    try {
      const res = await new OpenAI({ baseURL: gw.baseURL, apiKey: key, maxRetries: 0 }).chat.completions.create({
        model: 'test',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(res.object).toBe('chat.completion');
    } finally {
      await gw.close();
    }
  });

  it('hash prints the config hash (and the id of a gateway key)', async () => {
    const { file } = setup();
    expect((await cli(['hash', ADMIN_KEY], file)).out).toBe(`hash: ${hashKey(ADMIN_KEY)}\n`);
    const key = `sy-abcd1234-${'k'.repeat(43)}`;
    expect((await cli(['hash', key], file)).out).toBe(`id: abcd1234\nhash: ${hashKey(key)}\n`);
  });

  it('usage errors exit 2 with help; unknown ids exit 1', async () => {
    const { file } = setup();
    const missing = await cli(['create', '--team', 't'], file);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--team and --user are required/);
    expect(missing.err).toContain('switchyard keys create');
    const unknown = await cli(['revoke', 'nosuchkey'], file);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No key with id nosuchkey/);
    expect((await cli(['frobnicate'], file)).code).toBe(2);
  });
});
