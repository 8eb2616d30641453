/**
 * @module The `admit` tap at `Stage.AUTH`: the presented key becomes `ctx.principal`, the model is
 * checked against the key's list, and attribution follows the key's rules.
 */
import { ANONYMOUS, type GatewayRequest, isModelEndpoint, type RequestContext, SwitchyardError } from '@switchyard/core';
import { presentedKey } from './credentials.js';
import type { StoredKey } from './key-record.js';
import type { KeyRegistry } from './key-registry.js';

const MISSING = 'Missing API key: send `authorization: Bearer <gateway key>` or `x-api-key: <gateway key>`';

/** Headers may override the key's feature/customer/tags only when the key allows it. */
export function applyAttribution(ctx: RequestContext, key: StoredKey): void {
  if (key.allowAttributionHeaders) {
    ctx.feature ??= key.feature;
    ctx.customer ??= key.customer;
    if (ctx.tags.length === 0 && key.tags.length > 0) ctx.tags = [...key.tags];
  } else {
    ctx.feature = key.feature;
    ctx.customer = key.customer;
    ctx.tags = key.tags.length > 0 ? [...key.tags] : [];
  }
}

export function admitKey(registry: KeyRegistry, allowAnonymous: boolean) {
  return async (req: GatewayRequest, ctx: RequestContext): Promise<SwitchyardError | undefined> => {
    const presented = presentedKey(ctx.headers);
    if (presented === undefined) {
      if (!allowAnonymous) return new SwitchyardError('SY_ERR_UNAUTHORIZED', MISSING);
      ctx.principal = ANONYMOUS;
      return undefined;
    }
    const key = await registry.verify(presented);
    if (SwitchyardError.isInstance(key)) return key;
    // Requests that reach no model (listing models: NO_MODEL_REQUEST; a stored response) are checked for the key alone.
    if (isModelEndpoint(ctx.endpoint) && req.model !== '' && !key.allowsModel(req.model)) {
      return new SwitchyardError('SY_ERR_FORBIDDEN', `This API key may not use model "${req.model}"`, {
        apiCode: 'model_not_allowed',
        param: 'model',
      });
    }
    ctx.principal = key.principal;
    applyAttribution(ctx, key.stored);
    return undefined;
  };
}
