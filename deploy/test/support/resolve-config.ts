/** @module A deployment's gateway config as the server reads it: `${ENV}` filled in, defaults applied. */
import { CostOptionsSchema } from '@switchyard/plugin-cost';
import { interpolateEnv, parseConfigText, type ServerConfig, validateServerConfig } from '@switchyard/server';
import { configRefs } from './config-refs.js';

/** Required variables missing from `env` get a stand-in value: the result is for reading settings. */
export function resolveConfig(text: string, env: Record<string, string | undefined>, source = 'config'): ServerConfig {
  const standIns = Object.fromEntries([...configRefs(text).required].map((n) => [n, `stand-in-${n}-${'x'.repeat(32)}`]));
  const filled = { ...standIns, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
  return validateServerConfig(interpolateEnv(parseConfigText(text, source), filled), source);
}

/**
 * How long a stop can take after the signal: the drain, then the cost ledger's final flush (which
 * retries a failing store for `closeTimeoutMs`).
 */
export function stopBudgetMs(config: ServerConfig): number {
  const cost = config.plugins.cost;
  return config.server.drainTimeoutMs + (cost ? CostOptionsSchema.parse(cost).closeTimeoutMs : 0);
}

/** The stores the config names for each plugin (deployment configs name them explicitly). */
export function stores(config: ServerConfig): Record<string, string | undefined> {
  const p = config.plugins as Record<string, { store?: string } | undefined>;
  return { auth: p.auth?.store, quota: p.quota?.store, cost: p.cost?.store };
}
