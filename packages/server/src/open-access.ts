/**
 * @module Who may reach the gateway without credentials. Anonymous access is served only on a loopback
 * host, unless the operator forces it (`server.allowOpenAccess`) and is warned loudly: an open gateway
 * on a reachable address is an open proxy spending the operator's provider keys. Plugins say that they
 * refuse callers without credentials through `gateway.requireCredentials`.
 */
import { SwitchyardError } from '@switchyard/core';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';

/** `localhost`, `::1`, `[::1]` and `127.0.0.0/8`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Throws SY_ERR_CONFIG when the server would serve callers without credentials on a non-loopback host
 * and `allowOpenAccess` is off; warns when it is on.
 */
export function checkOpenAccess(server: ServerConfig['server'], credentialsRequiredBy: readonly string[], logger: Logger): void {
  if (isLoopbackHost(server.host) || credentialsRequiredBy.length > 0) return;
  if (!server.allowOpenAccess) {
    throw new SwitchyardError(
      'SY_ERR_CONFIG',
      `server.host is ${server.host} (not loopback) and nothing requires credentials: anyone who can reach it could spend ` +
        'your provider keys. Require gateway keys (plugins.auth without allowAnonymous), bind to 127.0.0.1, or set ' +
        'server.allowOpenAccess: true to serve anonymous callers anyway.',
    );
  }
  logger.warn(
    { host: server.host, allowOpenAccess: true },
    `OPEN ACCESS: serving callers without credentials on ${server.host}; anyone who can reach this address can use ` +
      'your provider keys. Put an auth plugin in front (plugins.auth without allowAnonymous) unless this is intended.',
  );
}
