/** @module Assembles a running server: config -> providers and plugins -> gateway -> fastify, with graceful drain. */
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { createGateway, type Gateway, type PluginDefinition, type ProviderDefinition } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type App, buildApp } from './app.js';
import { type ServerConfig, type ServerConfigInput, validateServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { loadPlugin, loadProvider } from './modules.js';
import { checkOpenAccess } from './open-access.js';

export interface ServerOptions {
  config: ServerConfigInput;
  /** Provider types offered to config. Types not given here are imported as `@switchyard/provider-<type>`. */
  providers?: readonly ProviderDefinition[];
  /** Plugins offered to config; only those named under `plugins:` are applied. Others are imported by name. */
  plugins?: readonly PluginDefinition[];
  /** Directories to import unregistered providers/plugins from. Default: the working directory. */
  resolveFrom?: readonly string[];
  logger?: Logger;
  routes?: ((app: FastifyInstance, gateway: Gateway) => void)[];
}

export interface SwitchyardServer {
  config: ServerConfig;
  gateway: Gateway;
  app: App;
  logger: Logger;
  /**
   * Starts listening; resolves with the base URL. Refuses (SY_ERR_CONFIG) to serve callers without
   * credentials on a non-loopback host unless `server.allowOpenAccess` is set.
   */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests and streams finish (bounded by drainTimeoutMs), then closes the gateway. */
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<SwitchyardServer> {
  const config = validateServerConfig(options.config);
  const logger = options.logger ?? createLogger(config.server.logLevel);
  const dirs = options.resolveFrom ?? [process.cwd()];
  const providers = new Map((options.providers ?? []).map((p) => [p.type, p]));
  for (const entry of Object.values(config.providers)) {
    if (!providers.has(entry.type)) providers.set(entry.type, await loadProvider(entry.type, dirs));
  }
  const offered = new Map((options.plugins ?? []).map((p) => [p.name, p]));
  const plugins: [PluginDefinition, unknown][] = [];
  for (const [name, opts] of Object.entries(config.plugins)) {
    plugins.push([offered.get(name) ?? (await loadPlugin(name, dirs)), opts ?? {}]);
  }
  const { server: _server, ...gatewayConfig } = config;
  const gateway = createGateway({ config: gatewayConfig, providers: [...providers.values()], plugins, logger });
  await gateway.ready();
  const app = buildApp({ gateway, server: config.server, logger, routes: options.routes });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      app.startDrain();
      const http = app.fastify.server;
      const force = setTimeout(() => http.closeAllConnections(), config.server.drainTimeoutMs);
      force.unref();
      try {
        await stopAccepting(http);
        // Streams cut by the force above end their handlers (and run `complete`) before the gateway closes.
        await app.settled();
        await app.fastify.close();
      } finally {
        clearTimeout(force);
        await gateway.close();
      }
    })();
    return closing;
  };

  return {
    config,
    gateway,
    app,
    logger,
    async listen() {
      checkOpenAccess(config.server, gateway.credentialsRequiredBy(), logger);
      await app.fastify.listen({ host: config.server.host, port: config.server.port });
      const addr = app.fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.server.port;
      const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
      return `http://${host}:${port}`;
    },
    close,
  };
}

/**
 * Stops accepting connections and resolves when every open one has closed. Unlike `http.Server#close`
 * this does not close idle keep-alive connections at once: a client may be sending on one right now and
 * would get a reset. Each closes after its next answer (`connection: close` while draining) or when its
 * keep-alive timeout, which clients were told, expires; the drain timeout cuts the rest.
 */
function stopAccepting(http: Server): Promise<void> {
  return new Promise((resolve) => {
    NetServer.prototype.close.call(http, () => resolve());
  });
}

/** SIGTERM/SIGINT drain the server and exit 0 (1 if closing failed). A second signal exits at once. */
export function handleSignals(server: SwitchyardServer): void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count++;
    if (count > 1) process.exit(1);
    server.logger.info({ signal }, 'draining');
    server
      .close()
      .then(() => {
        server.logger.info('stopped');
        process.exit(0);
      })
      .catch((err) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
