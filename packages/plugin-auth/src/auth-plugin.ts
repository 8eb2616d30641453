/** @module The `auth` plugin: gateway API keys -> `ctx.principal`, model allow-lists, the admin key, admin routes and CLI. */
import { definePlugin, type Gateway, Stage } from '@switchyard/core';
import { adminAuthorizer } from './admin-authorizer.js';
import { adminKeyRoutes } from './admin-routes.js';
import { admitKey } from './admit-key.js';
import { KeyRegistry, storedKeyFrom } from './key-registry.js';
import type { KeyStore } from './key-store.js';
import { keysCommand } from './keys-command.js';
import { type AuthOptions, AuthOptionsSchema } from './options.js';
import { PostgresKeyStore } from './postgres-key-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

const PLUGIN_NAME = 'auth';

/** Container registration name of the plugin's KeyRegistry. */
export const AUTH_KEY_REGISTRY = 'authKeyRegistry';

function createStore(options: AuthOptions, gateway: Gateway): KeyStore | undefined {
  switch (options.store) {
    case 'sqlite':
      return new SqliteKeyStore(options.sqlitePath);
    case 'postgres':
      return new PostgresKeyStore(options.postgresUrl as string, gateway.logger);
    case 'none':
      return undefined;
  }
}

/**
 * Gateway API keys ("virtual keys").
 * @example
 * // switchyard.yaml
 * // plugins:
 * //   auth: { adminKey: "${SWITCHYARD_ADMIN_KEY}", store: sqlite }   # 32 bytes or more
 * import { authPlugin } from '@switchyard/plugin-auth';
 * const gw = createGateway({ config, providers, plugins: [[authPlugin, { store: 'sqlite', sqlitePath: ':memory:' }]] });
 */
export const authPlugin = definePlugin<AuthOptions, Gateway>({
  name: PLUGIN_NAME,
  version: '1.0.0',
  core: '^1',
  config: AuthOptionsSchema,
  apply(gateway, options) {
    const store = createStore(options, gateway);
    const registry = new KeyRegistry(
      options.keys.map((k) => storedKeyFrom(k, k.id, k.hash, undefined)),
      store,
      { cacheTtlMs: options.cacheTtlMs, cacheMaxEntries: options.cacheMaxEntries, logger: gateway.logger },
    );
    gateway.container.register(AUTH_KEY_REGISTRY, { resolve: () => registry, lifetime: 'SINGLETON' });

    gateway.hooks.admit.tapPromise({ name: PLUGIN_NAME, stage: Stage.AUTH }, admitKey(registry, options.allowAnonymous));
    // Hosts serve beyond loopback only when something refuses callers without credentials.
    if (!options.allowAnonymous) gateway.requireCredentials(PLUGIN_NAME);

    if (options.adminKey) gateway.setAdminAuthorizer(adminAuthorizer(options.adminKey));
    else gateway.logger.info({ plugin: PLUGIN_NAME }, 'auth: no adminKey set, so /admin/* is refused to every caller');
    for (const route of adminKeyRoutes(registry)) gateway.addRoute(route);
    gateway.addCommand(keysCommand(registry));

    if (store) {
      gateway.hooks.ready.tapPromise(PLUGIN_NAME, () => store.open());
      gateway.hooks.close.tapPromise(PLUGIN_NAME, () => store.close());
      gateway.addHealthCheck(`auth-store:${store.kind}`, async () => {
        try {
          await registry.ping();
          return { ok: true };
        } catch (e) {
          return { ok: false, detail: (e as Error).message };
        }
      });
    }
  },
});
