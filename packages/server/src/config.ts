/**
 * @module Server config: YAML or JSON, `${ENV}` interpolation, validated with zod; errors name the
 * path of the offending key.
 */
import { readFile } from 'node:fs/promises';
import { formatZodError, GatewayConfigSchema, SwitchyardError } from '@switchyard/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ResponsesConfigSchema } from './responses/responses-config.js';

export const ServerSectionSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8787),
    /** Largest accepted request body, bytes. */
    bodyLimit: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** On SIGTERM/SIGINT: how long in-flight requests and streams may finish before connections are cut. */
    drainTimeoutMs: z.number().int().nonnegative().default(30_000),
    /** Time to receive a whole request (headers and body); 408 after. Not the response: streams may run longer. */
    requestTimeoutMs: z.number().int().positive().default(60_000),
    /** Time to receive the request headers; 408 after (slow clients, slowloris). */
    headersTimeoutMs: z.number().int().positive().default(20_000),
    /** An idle keep-alive connection is closed after this; sent to clients as `keep-alive: timeout=`. */
    keepAliveTimeoutMs: z.number().int().positive().default(5_000),
    /** Open connections beyond this are closed at once; 0: no cap. Keep it below the process's file limit. */
    maxConnections: z.number().int().nonnegative().default(0),
    /**
     * Serve callers without credentials on a non-loopback host. Off: the server refuses to start
     * there unless a plugin requires credentials (e.g. `auth` without `allowAnonymous`).
     */
    allowOpenAccess: z.boolean().default(false),
    /** Extra `Host` names accepted when bound to loopback (besides localhost, 127.0.0.1, [::1]). */
    allowedHosts: z.array(z.string().min(1)).default([]),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `/v1/responses` conversation state (see README: Responses). */
    responses: ResponsesConfigSchema.prefault({}),
  })
  .refine((s) => s.headersTimeoutMs <= s.requestTimeoutMs, {
    path: ['headersTimeoutMs'],
    message: 'must not exceed requestTimeoutMs',
  });

export const ServerConfigSchema = GatewayConfigSchema.extend({
  server: ServerSectionSchema.prefault({}),
});

export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
export type ServerConfig = z.output<typeof ServerConfigSchema>;

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed config. A missing variable
 * without a default is an error naming the key path.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv = process.env, path = ''): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/.exec(value);
    const out = value.replace(ENV_REF, (_m, name: string, def: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (def !== undefined) return def;
      throw new SwitchyardError('SY_ERR_CONFIG', `${path || '(root)'}: environment variable ${name} is not set`);
    });
    // A whole-value reference to a number or boolean keeps its type (`port: ${PORT}`).
    if (whole && /^(true|false|-?\d+(\.\d+)?)$/.test(out)) return JSON.parse(out);
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateEnv(v, env, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}

/** Parses YAML (a superset of JSON) text. */
export function parseConfigText(text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (e) {
    throw new SwitchyardError('SY_ERR_CONFIG', `${source}: not valid YAML/JSON: ${(e as Error).message}`, { cause: e });
  }
}

export function validateServerConfig(raw: unknown, source = 'config'): ServerConfig {
  const r = ServerConfigSchema.safeParse(raw);
  if (!r.success) throw new SwitchyardError('SY_ERR_CONFIG', `${source}: ${formatZodError(r.error)}`, { cause: r.error });
  return r.data;
}

export async function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ServerConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SwitchyardError('SY_ERR_CONFIG', `Cannot read config file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return validateServerConfig(interpolateEnv(parseConfigText(text, path), env), path);
}
