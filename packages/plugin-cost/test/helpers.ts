// Shared test fixtures: a real server with the cost plugin, a stand-in auth plugin, ledger readers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChatRequest, definePlugin, type Gateway, type Logger, Stage, SwitchyardError } from '@switchyard/core';
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { mockProvider } from '@switchyard/provider-mock';
import { openaiProvider } from '@switchyard/provider-openai';
import { createServer, type ServerConfigInput, type SwitchyardServer } from '@switchyard/server';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { type CostOptionsInput, costPlugin } from '../src/index.js';

/**
 * Stands in for plugin-auth: principal from `x-test-*` headers; `Bearer admin` may use admin routes;
 * `Bearer invalid` is refused with 401.
 */
export const testAuthPlugin = definePlugin<Record<string, never>, Gateway>({
  name: 'test-auth',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gw) {
    gw.setAdminAuthorizer((h) => h.authorization === 'Bearer admin');
    gw.hooks.admit.tapPromise({ name: 'test-auth', stage: Stage.AUTH }, async (_req, ctx) => {
      if (ctx.header('authorization') === 'Bearer invalid') return new SwitchyardError('SY_ERR_UNAUTHORIZED', 'Invalid API key');
      const team = ctx.header('x-test-team');
      if (team) ctx.principal = { keyId: `key-${team}`, team, user: ctx.header('x-test-user') ?? 'someone' };
      return undefined;
    });
  },
});

export const PROVIDERS = [mockProvider, openaiProvider, anthropicProvider];

export function tmpDb(name = 'ledger.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'sy-cost-')), name);
}

export interface Running {
  url: string;
  server: SwitchyardServer;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startServer(config: Omit<ServerConfigInput, 'plugins'>, cost: CostOptionsInput): Promise<Running> {
  const server = await createServer({
    config: {
      ...config,
      server: { port: 0, logLevel: 'silent', ...config.server },
      plugins: { 'test-auth': {}, cost },
    },
    providers: PROVIDERS,
    plugins: [costPlugin, testAuthPlugin],
  });
  const url = await server.listen();
  return { url, server, gateway: server.gateway, close: () => server.close() };
}

export { postJson as post } from '@switchyard/testkit';

export const chat = (model: string, content = 'one two three four', extra: Record<string, unknown> = {}): ChatRequest => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});

/** The usage object of an SSE chat stream (`stream_options.include_usage`). */
export function streamUsage(sse: string): { prompt_tokens: number; completion_tokens: number } | undefined {
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice(6));
    if (chunk.usage) usage = chunk.usage;
  }
  return usage;
}

export interface DbRow {
  ts: number;
  request_id: string;
  team: string;
  user_id: string;
  key_id: string;
  feature: string | null;
  customer: string | null;
  tags: string;
  endpoint: string;
  provider: string | null;
  model: string | null;
  requested_model: string | null;
  status: string;
  cache: string;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  usage_estimated: number | boolean;
  cost_usd: number | null;
  priced: number | boolean;
  duration_ms: number;
}

/** Rows of a SQLite ledger file, oldest first. */
export function sqliteRows(path: string): DbRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM switchyard_cost_ledger ORDER BY id').all() as DbRow[];
  } finally {
    db.close();
  }
}

/** A logger that keeps what it was given. */
export function memoryLogger(): Logger & { lines: { level: string; obj: unknown; msg: string | undefined }[] } {
  const lines: { level: string; obj: unknown; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), isLevelEnabled: () => true };
}

/** Polls until `fn` is true (ledger rows land asynchronously). */
export async function until(fn: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const MOCK_PRICE = { input: 1000, output: 2000 };

/** USD of mock usage at MOCK_PRICE (USD per 1M tokens). */
export const mockCost = (u: { prompt_tokens: number; completion_tokens: number }) =>
  (u.prompt_tokens * 1000 + u.completion_tokens * 2000) / 1e6;
