/**
 * @module The `switchyard` CLI: `start [--config file] [--host h] [--port n]` and `check-config <file>`.
 * Hosts (like the preset server) call `main` with their own registry of providers and plugins.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PluginDefinition, ProviderDefinition } from '@switchyard/core';
import { checkConfig } from './check.js';
import { loadConfigFile, type ServerConfigInput, validateServerConfig } from './config.js';
import { createServer, handleSignals } from './server.js';

export interface CliHost {
  providers?: readonly ProviderDefinition[];
  plugins?: readonly PluginDefinition[];
  /** Config used by `start` when no `--config` is given and no ./switchyard.yaml exists. */
  defaultConfig?: () => ServerConfigInput;
}

const USAGE = `Usage:
  switchyard start [--config <file>] [--host <host>] [--port <port>]
  switchyard check-config <file> [--load-plugins]
  switchyard <plugin command> [--config <file>] [args...]

start         runs the gateway (default config: ./switchyard.yaml, else the host's built-in defaults)
check-config  validates a config file: prints every problem with its key path; exits 1 when invalid.
              Providers and plugins the host does not ship are only located, not run; --load-plugins
              imports them to check their options too (this runs code the config names)
Plugins add commands (e.g. \`switchyard usage\`, \`switchyard keys create\`); they use the same config.`;

function fail(message: string): never {
  process.stderr.write(`switchyard: ${message}\n`);
  process.exit(1);
}

export async function main(argv: string[], host: CliHost = {}): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Plugin commands take their own flags: hand them the raw argv.
  if (command !== 'start' && command !== 'check-config') return runPluginCommand(command, rest, host);
  let args: ReturnType<
    typeof parseArgs<{
      options: {
        config: { type: 'string'; short: 'c' };
        host: { type: 'string' };
        port: { type: 'string' };
        'load-plugins': { type: 'boolean' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    args = parseArgs({
      args: rest,
      options: {
        config: { type: 'string', short: 'c' },
        host: { type: 'string' },
        port: { type: 'string' },
        'load-plugins': { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  const file = args.values.config ?? args.positionals[0];

  if (command === 'check-config') {
    if (!file) fail(`check-config needs a file\n${USAGE}`);
    const path = resolve(file);
    try {
      const config = await loadConfigFile(path);
      const loadModules = args.values['load-plugins'] === true;
      if (loadModules)
        process.stderr.write('switchyard: --load-plugins: importing the providers and plugins this config names (runs their code)\n');
      const { problems, notes } = await checkConfig(config, { ...host, resolveFrom: [process.cwd(), dirname(path)], loadModules });
      for (const note of notes) process.stderr.write(`  note: ${note}\n`);
      if (problems.length) {
        process.stderr.write(`${path}: invalid\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
        process.exit(1);
      }
      process.stdout.write(`${path}: OK\n`);
    } catch (e) {
      fail((e as Error).message);
    }
    return;
  }

  try {
    const { config, resolveFrom } = await resolveConfig(file, host);
    const server = config.server ?? {};
    if (args.values.host) server.host = args.values.host;
    if (args.values.port) server.port = Number(args.values.port);
    config.server = server;
    const sy = await createServer({ config, providers: host.providers, plugins: host.plugins, resolveFrom });
    handleSignals(sy);
    const url = await sy.listen();
    sy.logger.info(
      { url, providers: Object.keys(sy.config.providers), models: Object.keys(sy.config.models) },
      `Switchyard listening on ${url}`,
    );
  } catch (e) {
    fail((e as Error).message);
  }
}

/** `--config`, else ./switchyard.yaml, else the host's defaults. */
async function resolveConfig(file: string | undefined, host: CliHost): Promise<{ config: ServerConfigInput; resolveFrom: string[] }> {
  const path = file ? resolve(file) : existsSync('switchyard.yaml') ? resolve('switchyard.yaml') : undefined;
  if (path) return { config: await loadConfigFile(path), resolveFrom: [process.cwd(), dirname(path)] };
  if (host.defaultConfig) return { config: validateServerConfig(host.defaultConfig(), 'default config'), resolveFrom: [process.cwd()] };
  fail(`no config: pass --config <file> or create ./switchyard.yaml\n${USAGE}`);
}

/** Builds the gateway from config (plugins applied, stores connected), runs a plugin's command, closes. */
async function runPluginCommand(name: string, argv: string[], host: CliHost): Promise<void> {
  const i = argv.findIndex((a) => a === '--config' || a === '-c');
  const file = i >= 0 ? argv[i + 1] : undefined;
  const rest = i >= 0 ? [...argv.slice(0, i), ...argv.slice(i + 2)] : argv;
  let code = 1;
  try {
    const { config, resolveFrom } = await resolveConfig(file, host);
    const sy = await createServer({
      config: { ...config, server: { ...config.server, logLevel: 'warn' } },
      providers: host.providers,
      plugins: host.plugins,
      resolveFrom,
    });
    try {
      const cmd = sy.gateway.command(name);
      if (!cmd) {
        const known = sy.gateway.commands().map((c) => `  ${c.name.padEnd(13)} ${c.summary}`);
        process.stderr.write(
          `switchyard: unknown command "${name}"\n${USAGE}${known.length ? `\n\nPlugin commands:\n${known.join('\n')}` : ''}\n`,
        );
      } else {
        code = await cmd.run(rest, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
      }
    } finally {
      await sy.close();
    }
  } catch (e) {
    process.stderr.write(`switchyard: ${(e as Error).message}\n`);
  }
  process.exitCode = code;
}
