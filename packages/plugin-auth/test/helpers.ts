// Shared test helpers: a probe plugin that records what auth decided, config keys with known plaintext, a server starter.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type Gateway, type Principal, Stage } from '@switchyard/core';
import { mockProvider } from '@switchyard/provider-mock';
import { createServer, type SwitchyardServer } from '@switchyard/server';
import { z } from 'zod';
import { authPlugin } from '../src/index.js';
import { generateKey, hashKey } from '../src/key-format.js';
import type { AuthOptionsInput, KeyPolicyInput } from '../src/options.js';

export interface Seen {
  principal: Principal;
  feature: string | undefined;
  customer: string | undefined;
  tags: string[];
}

/** Records ctx after auth has run (admit at OBSERVE), before the reply. */
export function probePlugin() {
  const seen: Seen[] = [];
  const plugin = definePlugin<Record<string, never>, Gateway>({
    name: 'probe',
    version: '1.0.0',
    core: '^1',
    config: z.object({}),
    apply(gw) {
      gw.hooks.admit.tapPromise({ name: 'probe', stage: Stage.OBSERVE }, async (_req, ctx) => {
        seen.push({ principal: ctx.principal, feature: ctx.feature, customer: ctx.customer, tags: ctx.tags });
        return undefined;
      });
    },
  });
  return { plugin, seen };
}

/** A config key entry plus the plaintext key a test can send. */
export function configKey(policy: KeyPolicyInput): { key: string; entry: KeyPolicyInput & { id: string; hash: string } } {
  const { id, key } = generateKey();
  return { key, entry: { ...policy, id, hash: hashKey(key) } };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sy-auth-'));
}

export const MODELS = {
  test: { provider: 'mock', model: 'echo' },
  'gpt-4o': { provider: 'mock', model: 'echo' },
  'gpt-4o-mini': { provider: 'mock', model: 'echo' },
  'claude-haiku': { provider: 'mock', model: 'echo' },
  embed: { provider: 'mock', model: 'embed' },
};

export interface RunningServer {
  url: string;
  baseURL: string;
  server: SwitchyardServer;
  seen: Seen[];
  close(): Promise<void>;
}

export async function startAuthServer(auth: AuthOptionsInput): Promise<RunningServer> {
  const probe = probePlugin();
  const server = await createServer({
    config: {
      server: { port: 0, logLevel: 'silent' },
      providers: { mock: { type: 'mock' } },
      models: MODELS,
      plugins: { auth, probe: {} },
    },
    providers: [mockProvider],
    plugins: [authPlugin, probe.plugin],
  });
  const url = await server.listen();
  return { url, baseURL: `${url}/v1`, server, seen: probe.seen, close: () => server.close() };
}

export { httpJson as request } from '@switchyard/testkit';

export const chat = (model: string, content = 'hello') => ({ model, messages: [{ role: 'user', content }] });
