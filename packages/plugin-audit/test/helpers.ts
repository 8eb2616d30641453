// Shared test fixtures: a real server with the audit plugin and stand-ins for the plugins it reads
// from (auth, cost, cache, redaction), so each contract is exercised without importing those packages.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChatResponse, definePlugin, type Gateway, type PluginDefinition, Stage, SwitchyardError } from '@switchyard/core';
import { mockProvider } from '@switchyard/provider-mock';
import { createServer, type ServerConfigInput, type SwitchyardServer } from '@switchyard/server';
import Database from 'better-sqlite3';
import { z } from 'zod';
import {
  AUDIT_LOG_SERVICE,
  type AuditLogService,
  type AuditOptionsInput,
  type AuditRecord,
  auditPlugin,
  REDACTION_FINDINGS,
} from '../src/index.js';

/** The mock upstream requires this key, so the gateway really sends it upstream. */
export const PROVIDER_KEY = 'sk-mock-provider-secret-0123456789abcdef';
/** Gateway keys the stand-in auth accepts; records must never contain them. */
export const GATEWAY_KEYS: Readonly<Record<string, { keyId: string; team: string; user: string }>> = {
  'sy-live-alpha-9f8e7d6c5b4a39281706': { keyId: 'key_alpha', team: 'alpha', user: 'ann' },
  'sy-live-beta-0a1b2c3d4e5f60718293': { keyId: 'key_beta', team: 'beta', user: 'bob' },
};
export const ALPHA_KEY = 'sy-live-alpha-9f8e7d6c5b4a39281706';
export const BETA_KEY = 'sy-live-beta-0a1b2c3d4e5f60718293';
export const ADMIN_KEY = 'admin-key-for-tests-0000';

/** Stands in for plugin-auth: `authorization: Bearer <key>` -> principal; no key -> 401; the admin key opens /admin. */
export const testAuthPlugin = definePlugin<Record<string, never>, Gateway>({
  name: 'test-auth',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw) {
    gw.setAdminAuthorizer((h) => h.authorization === `Bearer ${ADMIN_KEY}`);
    gw.hooks.admit.tapPromise({ name: 'test-auth', stage: Stage.AUTH }, async (_req, ctx) => {
      const key = ctx.header('authorization')?.replace(/^Bearer /, '');
      const principal = key ? GATEWAY_KEYS[key] : undefined;
      if (!principal) return new SwitchyardError('SY_ERR_UNAUTHORIZED', 'Missing or unknown API key');
      ctx.principal = { ...principal };
      return undefined;
    });
  },
});

/** Stands in for plugin-cost: a fixed price per completion token, set on the context as the cost plugin does. */
export const USD_PER_COMPLETION_TOKEN = 0.001;
export const testCostPlugin = definePlugin<Record<string, never>, Gateway>({
  name: 'test-cost',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw) {
    gw.hooks.complete.tap({ name: 'test-cost', stage: Stage.OBSERVE }, (outcome, ctx) => {
      if (outcome.usage && ctx.cache === 'miss') ctx.costUsd = outcome.usage.completion_tokens * USD_PER_COMPLETION_TOKEN;
    });
  },
});

/** Stands in for a cache: model `cached` is answered from "cache" without an upstream call. */
export const CACHED_ANSWER = 'from the cache';
export const testCachePlugin = definePlugin<Record<string, never>, Gateway>({
  name: 'test-cache',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw) {
    gw.hooks.lookup.tapPromise({ name: 'test-cache', stage: Stage.CACHE }, async (req) => {
      if (req.model !== 'cached') return undefined;
      const response: ChatResponse = {
        id: 'chatcmpl-cached',
        object: 'chat.completion',
        created: 1,
        model: 'echo',
        choices: [{ index: 0, message: { role: 'assistant', content: CACHED_ANSWER }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
      };
      return { response, kind: 'hit' };
    });
  },
});

/**
 * Stands in for plugin-redaction in restore mode: emails become `<EMAIL_1>` going up and come back for
 * the client; findings go on the context; a message containing BLOCKME is refused in transformRequest.
 */
export const SECRET_EMAIL = 'alice@example.com';
export const PLACEHOLDER = '<EMAIL_1>';
export const testRedactionPlugin = definePlugin<Record<string, never>, Gateway>({
  name: 'test-redaction',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw) {
    gw.hooks.transformRequest.tap({ name: 'test-redaction', stage: Stage.REDACT }, (req, ctx) => {
      const text = JSON.stringify(req);
      if (text.includes('BLOCKME'))
        throw new SwitchyardError('SY_ERR_INVALID_REQUEST', 'blocked by redaction', { apiCode: 'redaction_blocked' });
      const found = text.split(SECRET_EMAIL).length - 1;
      if (found === 0) return req;
      ctx.set(REDACTION_FINDINGS, { email: found });
      return JSON.parse(text.split(SECRET_EMAIL).join(PLACEHOLDER));
    });
    // Restores in place, the hardest case for a capture that keeps a reference.
    gw.hooks.transformResponse.tap({ name: 'test-redaction', stage: Stage.REDACT }, (res) => {
      for (const c of (res as ChatResponse).choices ?? []) {
        if (typeof c.message.content === 'string') c.message.content = c.message.content.split(PLACEHOLDER).join(SECRET_EMAIL);
      }
      return res;
    });
    gw.hooks.streamTransforms.tap({ name: 'test-redaction', stage: Stage.REDACT }, (list) => {
      list.push({
        name: 'test-redaction',
        transform: (part) => (part.type === 'text' ? { ...part, delta: part.delta.split(PLACEHOLDER).join(SECRET_EMAIL) } : part),
      });
      return list;
    });
  },
});

export const STAND_INS: PluginDefinition[] = [testAuthPlugin, testCostPlugin, testCachePlugin, testRedactionPlugin];

export function tmpFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'sy-audit-')), name);
}

export const MODELS = {
  fast: { provider: 'm', model: 'echo' },
  meta: { provider: 'm', model: 'echo' },
  quiet: { provider: 'm', model: 'echo' },
  broken: { provider: 'm', model: 'fail-400' },
  smart: {
    strategy: 'fallback',
    targets: [
      { provider: 'm', model: 'fail-503' },
      { provider: 'm', model: 'echo' },
    ],
  },
  other: { provider: 'm', model: 'lorem-4' },
  twin: { provider: 'm', model: 'echo+twin' },
  cached: { provider: 'm', model: 'echo' },
  embed: { provider: 'm', model: 'embed' },
} as const;

export interface Running {
  url: string;
  server: SwitchyardServer;
  gateway: Gateway;
  audit: AuditLogService;
  close(): Promise<void>;
}

export function serverConfig(audit: AuditOptionsInput, overrides: Partial<ServerConfigInput> = {}): ServerConfigInput {
  return {
    server: { port: 0, logLevel: 'silent' },
    providers: { m: { type: 'mock', apiKey: PROVIDER_KEY } },
    models: MODELS,
    router: { retries: 0 },
    ...overrides,
    plugins: { 'test-auth': {}, 'test-cost': {}, 'test-cache': {}, 'test-redaction': {}, audit, ...overrides.plugins },
  };
}

export async function startServer(audit: AuditOptionsInput, overrides: Partial<ServerConfigInput> = {}): Promise<Running> {
  const server = await createServer({
    config: serverConfig(audit, overrides),
    providers: [mockProvider],
    plugins: [auditPlugin, ...STAND_INS],
  });
  const url = await server.listen();
  const gateway = server.gateway;
  return { url, server, gateway, audit: gateway.container.resolve<AuditLogService>(AUDIT_LOG_SERVICE), close: () => server.close() };
}

/** Every record row of a SQLite audit file, as stored (raw JSON text). */
export function sqliteRecordTexts(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT record FROM switchyard_audit ORDER BY id').all() as { record: string }[]).map((r) => r.record);
  } finally {
    db.close();
  }
}

export function sqliteRecords(path: string): AuditRecord[] {
  return sqliteRecordTexts(path).map((t) => JSON.parse(t) as AuditRecord);
}

/** Polls until `fn` is true (records land asynchronously). */
export async function until(fn: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { httpJson, postJson } from '@switchyard/testkit';
