// Real servers for the plugin's end-to-end tests: @switchyard/server's createServer with the
// OpenAI and Anthropic providers pointed at recording fake upstreams from the testkit, the
// redaction plugin, and a small plugin that records what redaction left on each request context.
import { contextKey, definePlugin, type PluginDefinition, type RequestContext, Stage } from '@switchyard/core';
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { openaiProvider } from '@switchyard/provider-openai';
import { createServer, type SwitchyardServer } from '@switchyard/server';
import { z } from 'zod';
import { type RedactionFindings, type RedactionOptionsInput, redactionPlugin } from '../../src/index.js';

/** What a test plugin saw on the context once the request completed. */
export interface Seen {
  status: string;
  /** Read through the typed key this package exports. */
  findings: RedactionFindings | undefined;
  /** Read by name only, as a plugin that does not depend on this package would. */
  found: readonly string[] | undefined;
  cacheDirective: RequestContext['cacheDirective'];
}

const FINDINGS = contextKey<RedactionFindings>('redaction.findings');
const FOUND = contextKey<readonly string[]>('redaction.found');

export function recorder(seen: Seen[]): PluginDefinition {
  return definePlugin({
    name: 'test-recorder',
    version: '1.0.0',
    core: '^1',
    config: z.object({}),
    apply(gw: any) {
      gw.hooks.complete.tapPromise({ name: 'test-recorder', stage: Stage.OBSERVE }, async (outcome: any, ctx: RequestContext) => {
        seen.push({ status: outcome.status, findings: ctx.get(FINDINGS), found: ctx.get(FOUND), cacheDirective: ctx.cacheDirective });
      });
    },
  });
}

export interface Running {
  url: string;
  baseURL: string;
  seen: Seen[];
  close(): Promise<void>;
}

export interface GatewayUpstreams {
  openai?: string;
  anthropic?: string;
}

/** A server with aliases `gpt` (OpenAI upstream) and `claude` (Anthropic upstream). */
export async function startGateway(
  redaction: RedactionOptionsInput,
  upstreams: GatewayUpstreams,
  plugin: PluginDefinition = redactionPlugin as PluginDefinition,
): Promise<Running> {
  const seen: Seen[] = [];
  const providers: Record<string, unknown> = {};
  const models: Record<string, unknown> = {};
  if (upstreams.openai) {
    providers.openai = { type: 'openai', baseUrl: upstreams.openai, apiKey: 'upstream-openai-key' };
    models.gpt = { provider: 'openai', model: 'gpt-4o-mini' };
  }
  if (upstreams.anthropic) {
    providers.anthropic = { type: 'anthropic', baseUrl: upstreams.anthropic, apiKey: 'upstream-anthropic-key' };
    models.claude = { provider: 'anthropic', model: 'claude-sonnet-4-5' };
  }
  const rec = recorder(seen);
  const server: SwitchyardServer = await createServer({
    config: {
      server: { port: 0, logLevel: 'silent' },
      providers,
      models,
      router: { retries: 0 },
      plugins: { redaction, [rec.name]: {} },
    } as any,
    providers: [openaiProvider, anthropicProvider],
    plugins: [plugin, rec],
  });
  const url = await server.listen();
  return { url, baseURL: `${url}/v1`, seen, close: () => server.close() };
}

/** Waits until `check` holds (complete hooks run just after the reply). */
export async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
