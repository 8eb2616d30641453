import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The preset-server config the bench generates: one OpenAI-type provider pointing at the mock upstream, every preset plugin.
import { BENCH_MODEL, UPSTREAM_MODEL } from './wire.js';

/**
 * Plugins the preset config enables, with the options the bench runs them under. The budgets hold "on a cache miss
 * through every preset plugin", so add each plugin here as it lands. Once a cache plugin is on, run with
 * `--unique-bodies` (or rely on its automatic switch below) so every request is a miss.
 * @type {Record<string, unknown>}
 */
export const PRESET_PLUGINS = {
  auth: {
    store: 'none',
    keys: [
      { id: 'ar24653uf7wx', hash: 'sha256:6506ade0bfcb24264c9d74b04d5d067f071187fcddbd1ccc941e948c1a035a5a', team: 'bench', user: 'bench' },
    ],
  },
  // Limits high enough never to refuse, so every request pays for the check and the settle.
  quota: { store: 'memory', limits: [{ scope: 'key', requestsPerMinute: 1_000_000_000, tokensPerMinute: 1_000_000_000_000 }] },
  cost: { store: 'sqlite', path: join(tmpdir(), `switchyard-bench-ledger-${process.pid}.db`) },
};

/** Plugin names whose presence means identical requests could be served from cache. */
const CACHING_PLUGINS = ['cache', 'semantic-cache'];

/** Whether the generated config would let repeated identical bodies hit a cache. */
export const cachesResponses = (plugins = PRESET_PLUGINS) => CACHING_PLUGINS.some((name) => name in plugins);

/**
 * @param {{ port: number, upstreamPort: number, logLevel: string, plugins?: Record<string, unknown> }} options
 *   `logLevel` is the server's `server.logLevel`; at `info` it writes one access-log line per request
 */
export function gatewayConfig({ port, upstreamPort, logLevel, plugins = PRESET_PLUGINS }) {
  return {
    server: { host: '127.0.0.1', port, logLevel },
    providers: { up: { type: 'openai', baseUrl: `http://127.0.0.1:${upstreamPort}/v1`, apiKey: 'bench' } },
    models: { [BENCH_MODEL]: { provider: 'up', model: UPSTREAM_MODEL } },
    plugins,
  };
}

const yamlKey = (key) => (/^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key));

/**
 * Serializes plain data (objects, arrays, strings, numbers, booleans, null) as block YAML.
 * Strings are written as JSON strings, which YAML reads as double-quoted scalars.
 * @param {unknown} value
 */
export function toYaml(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => `\n${indent}- ${toYaml(item, `${indent}  `).trimStart()}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries
      .map(([key, item]) => {
        const nested = item !== null && typeof item === 'object' && Object.keys(item).length > 0;
        return `\n${indent}${yamlKey(key)}:${nested ? '' : ' '}${toYaml(item, `${indent}  `)}`;
      })
      .join('');
  }
  return JSON.stringify(value);
}
