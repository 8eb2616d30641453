/**
 * @module `switchyard keys <create|generate|list|revoke|hash>`: manage gateway keys from the shell,
 * against the store configured under `plugins.auth`.
 */
import { parseArgs } from 'node:util';
import { type CommandIO, formatZodError, type GatewayCommand } from '@switchyard/core';
import { generateKey, hashKey, parseKey } from './key-format.js';
import { keyStatus } from './key-record.js';
import type { KeyRegistry } from './key-registry.js';
import { type KeyPolicy, KeyPolicySchema } from './options.js';

export const KEYS_USAGE = `Usage:
  switchyard keys create --team <t> --user <u> [policy options]   store a new key; prints it once
  switchyard keys generate --team <t> --user <u> [policy options] print a new key and its config entry (nothing stored)
  switchyard keys list [--json]                                    keys from config and the store (no secrets)
  switchyard keys revoke <id>                                      revoke a stored key
  switchyard keys hash <key>                                       the sha256:<hex> hash for config (gateway or admin key)

Policy options:
  --name <n>  --models <a,b,gpt-*>  --feature <f>  --customer <c>  --tags <x,y>
  --allow-attribution-headers  --expires <ISO date | 30d | 12h | 45m>  --disabled
All commands take --config <file> (default ./switchyard.yaml).`;

const POLICY_OPTIONS = {
  team: { type: 'string' },
  user: { type: 'string' },
  name: { type: 'string' },
  models: { type: 'string' },
  feature: { type: 'string' },
  customer: { type: 'string' },
  tags: { type: 'string' },
  'allow-attribution-headers': { type: 'boolean' },
  expires: { type: 'string' },
  disabled: { type: 'boolean' },
} as const;

class UsageError extends Error {}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `30d`, `12h`, `45m` from now, or an ISO date. */
export function parseExpiry(value: string, now = Date.now()): string {
  const rel = /^(\d+)([dhm])$/.exec(value);
  if (rel) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm'];
    return new Date(now + Number(rel[1]) * unit).toISOString();
  }
  if (Number.isNaN(Date.parse(value))) throw new UsageError(`--expires: "${value}" is neither an ISO date nor a duration like 30d`);
  return new Date(value).toISOString();
}

function policyFrom(argv: string[]): KeyPolicy {
  const { values, positionals } = parseArgs({ args: argv, options: POLICY_OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (!values.team || !values.user) throw new UsageError('--team and --user are required');
  const parsed = KeyPolicySchema.safeParse({
    team: values.team,
    user: values.user,
    name: values.name,
    models: list(values.models),
    feature: values.feature,
    customer: values.customer,
    tags: list(values.tags),
    allowAttributionHeaders: values['allow-attribution-headers'],
    expiresAt: values.expires === undefined ? undefined : parseExpiry(values.expires),
    disabled: values.disabled,
  });
  if (!parsed.success) throw new UsageError(formatZodError(parsed.error));
  return parsed.data;
}

function yamlScalar(v: string): string {
  return JSON.stringify(v);
}

/** A ready-to-paste entry for `plugins.auth.keys`. */
export function configEntry(id: string, hash: string, p: KeyPolicy): string {
  const lines = [`- id: ${id}`, `  hash: ${yamlScalar(hash)}`, `  team: ${yamlScalar(p.team)}`, `  user: ${yamlScalar(p.user)}`];
  if (p.name) lines.push(`  name: ${yamlScalar(p.name)}`);
  if (p.models.length) lines.push(`  models: [${p.models.map(yamlScalar).join(', ')}]`);
  if (p.feature) lines.push(`  feature: ${yamlScalar(p.feature)}`);
  if (p.customer) lines.push(`  customer: ${yamlScalar(p.customer)}`);
  if (p.tags.length) lines.push(`  tags: [${p.tags.map(yamlScalar).join(', ')}]`);
  if (p.allowAttributionHeaders) lines.push('  allowAttributionHeaders: true');
  if (p.expiresAt) lines.push(`  expiresAt: ${yamlScalar(p.expiresAt)}`);
  if (p.disabled) lines.push('  disabled: true');
  return lines.join('\n');
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

async function run(registry: KeyRegistry, argv: string[], io: CommandIO): Promise<number> {
  // `switchyard keys -- create --team t` passes options through hosts whose parser stops at `--`.
  const [sub, ...rest] = argv[0] === '--' ? argv.slice(1) : argv;
  switch (sub) {
    case 'create': {
      const policy = policyFrom(rest);
      const c = await registry.create(policy);
      io.stdout(
        `Created key ${c.id} (team ${policy.team}, user ${policy.user}).\n` +
          `Key (shown once; it cannot be recovered):\n  ${c.key}\n` +
          `Hash (for plugins.auth.keys in config): ${c.hash}\n`,
      );
      return 0;
    }
    case 'generate': {
      const policy = policyFrom(rest);
      const { id, key } = generateKey();
      io.stdout(
        `Key (shown once; it cannot be recovered):\n  ${key}\n` +
          `Add under plugins.auth.keys in your config (nothing was stored):\n${configEntry(id, hashKey(key), policy)}\n`,
      );
      return 0;
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
      const keys = await registry.list();
      if (values.json) {
        io.stdout(`${JSON.stringify(keys, null, 2)}\n`);
        return 0;
      }
      const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());
      const rows = [['ID', 'SOURCE', 'STATUS', 'TEAM', 'USER', 'NAME', 'MODELS', 'EXPIRES', 'CREATED']];
      for (const k of keys) {
        rows.push([
          k.id,
          k.source,
          keyStatus(k),
          k.team,
          k.user,
          k.name ?? '-',
          k.models.join(',') || '*',
          iso(k.expiresAt),
          iso(k.createdAt),
        ]);
      }
      io.stdout(`${table(rows)}\n`);
      return 0;
    }
    case 'revoke': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError('revoke takes exactly one key id');
      await registry.revoke(positionals[0] as string);
      io.stdout(`Revoked key ${positionals[0]}.\n`);
      return 0;
    }
    case 'hash': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError('hash takes exactly one key');
      const plaintext = positionals[0] as string;
      const parsed = parseKey(plaintext);
      io.stdout(`${parsed ? `id: ${parsed.id}\n` : ''}hash: ${hashKey(plaintext)}\n`);
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  }
}

export function keysCommand(registry: KeyRegistry): GatewayCommand {
  return {
    name: 'keys',
    summary: 'create, list, revoke and hash gateway API keys',
    async run(argv, io) {
      try {
        return await run(registry, argv, io);
      } catch (e) {
        const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
        io.stderr(`switchyard keys: ${(e as Error).message}\n${usage ? `${KEYS_USAGE}\n` : ''}`);
        return usage ? 2 : 1;
      }
    },
  };
}
