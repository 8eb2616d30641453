/**
 * @module Admin endpoints (admin key required; the host enforces it): `POST /admin/keys` creates a
 * key and returns it once, `GET /admin/keys[/:id]` lists without secrets, `DELETE /admin/keys/:id` revokes.
 */
import { firstParam, formatZodError, type GatewayRoute, SwitchyardError } from '@switchyard/core';
import { type KeyInfo, keyStatus } from './key-record.js';
import { type KeyRegistry, keyNotFound } from './key-registry.js';
import { KeyPolicySchema } from './options.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The public JSON of a key: never the key or its hash. */
export function keyJson(k: KeyInfo) {
  return {
    object: 'gateway_key',
    id: k.id,
    source: k.source,
    status: keyStatus(k),
    team: k.team,
    user: k.user,
    name: k.name ?? null,
    models: k.models,
    feature: k.feature ?? null,
    customer: k.customer ?? null,
    tags: k.tags,
    allowAttributionHeaders: k.allowAttributionHeaders,
    expiresAt: iso(k.expiresAt),
    createdAt: iso(k.createdAt),
    revokedAt: iso(k.revokedAt),
  };
}

export function adminKeyRoutes(registry: KeyRegistry): GatewayRoute[] {
  return [
    {
      method: 'POST',
      path: '/admin/keys',
      access: 'admin',
      async handler(req) {
        const parsed = KeyPolicySchema.safeParse(req.body ?? {});
        if (!parsed.success) {
          throw new SwitchyardError('SY_ERR_INVALID_REQUEST', `Invalid key: ${formatZodError(parsed.error)}`, {
            param: firstParam(parsed.error),
          });
        }
        const created = await registry.create(parsed.data);
        return {
          status: 201,
          headers: { 'cache-control': 'no-store' },
          body: { ...keyJson(created.info), key: created.key, hash: created.hash },
        };
      },
    },
    {
      method: 'GET',
      path: '/admin/keys',
      access: 'admin',
      async handler() {
        return { body: { object: 'list', data: (await registry.list()).map(keyJson) } };
      },
    },
    {
      method: 'GET',
      path: '/admin/keys/:id',
      access: 'admin',
      async handler(req) {
        const id = req.params.id ?? '';
        const info = await registry.get(id);
        if (!info) throw keyNotFound(id);
        return { body: keyJson(info) };
      },
    },
    {
      method: 'DELETE',
      path: '/admin/keys/:id',
      access: 'admin',
      async handler(req) {
        const id = req.params.id ?? '';
        await registry.revoke(id);
        return { body: { object: 'gateway_key.revoked', id, revoked: true } };
      },
    },
  ];
}
