/**
 * @module The preset's built-in config: the mock provider always; real providers when their keys are
 * in the environment, tried first with the mock as the last fallback. A newcomer with no keys gets a
 * working gateway. Every preset plugin is on, on embedded stores (SQLite files under ./data).
 */
import type { ServerConfigInput } from '@switchyard/server';

type Target = { provider: string; model: string };

export function defaultConfig(env: NodeJS.ProcessEnv = process.env): ServerConfigInput {
  const providers: Record<string, { type: string; [k: string]: unknown }> = { mock: { type: 'mock' } };
  const fast: Target[] = [];
  const smart: Target[] = [];
  const embed: Target[] = [];
  if (env.OPENAI_API_KEY) {
    providers.openai = { type: 'openai', apiKey: env.OPENAI_API_KEY };
    fast.push({ provider: 'openai', model: 'gpt-4.1-mini' });
    smart.push({ provider: 'openai', model: 'gpt-4.1' });
    embed.push({ provider: 'openai', model: 'text-embedding-3-small' });
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.anthropic = { type: 'anthropic', apiKey: env.ANTHROPIC_API_KEY };
    fast.push({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    smart.push({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
  }
  const geminiKey = env.GEMINI_API_KEY ?? env.GOOGLE_API_KEY;
  if (geminiKey) {
    providers.google = { type: 'google', apiKey: geminiKey };
    fast.push({ provider: 'google', model: 'gemini-2.5-flash' });
    smart.push({ provider: 'google', model: 'gemini-2.5-pro' });
    embed.push({ provider: 'google', model: 'gemini-embedding-001' });
  }
  if (env.MISTRAL_API_KEY) {
    providers.mistral = { type: 'mistral', apiKey: env.MISTRAL_API_KEY };
    fast.push({ provider: 'mistral', model: 'mistral-small-latest' });
    smart.push({ provider: 'mistral', model: 'mistral-large-latest' });
    embed.push({ provider: 'mistral', model: 'mistral-embed' });
  }
  const mock = { provider: 'mock', model: 'echo' };
  const dataDir = env.SWITCHYARD_DATA_DIR ?? './data';
  return {
    server: {
      host: env.HOST ?? '127.0.0.1',
      port: env.PORT ? Number(env.PORT) : 8787,
      logLevel: (env.LOG_LEVEL as 'info' | undefined) ?? 'info',
    },
    providers,
    models: {
      fast: { strategy: 'fallback', targets: [...fast, mock] },
      smart: { strategy: 'fallback', targets: [...smart, mock] },
      embed: { strategy: 'fallback', targets: [...embed, { provider: 'mock', model: 'embed' }] },
      mock,
    },
    plugins: {
      // Keys are optional in the embedded default: requests without one are the `anonymous`
      // principal; a wrong key is still refused. Set SWITCHYARD_ADMIN_KEY to use /admin/*.
      auth: {
        allowAnonymous: true,
        sqlitePath: `${dataDir}/switchyard-auth.db`,
        ...(env.SWITCHYARD_ADMIN_KEY ? { adminKey: env.SWITCHYARD_ADMIN_KEY } : {}),
      },
      // No limits until you add some; the in-memory store serves one instance.
      quota: { store: 'memory', limits: [] },
      cost: { store: 'sqlite', path: `${dataDir}/switchyard-ledger.db` },
    },
  };
}
