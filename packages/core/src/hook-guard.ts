/** @module Sealing the lifecycle hooks at `ready()` and recording which ones have taps. */
import { SwitchyardError } from './errors.js';
import type { Hooks } from './hooks.js';

/** Per hook: does it have taps? The hot path skips the ones that do not. */
export type Active = { -readonly [K in keyof Hooks]: boolean };

/** Every hook refuses new taps once `sealed()` is true; the HookMap refuses new keys. */
export function guardHooks(hooks: Hooks<any>, sealed: () => boolean): void {
  for (const [name, hook] of Object.entries(hooks)) {
    const guard = () => {
      if (sealed()) throw new SwitchyardError('SY_ERR_HOOKS_SEALED', `hooks.${name} cannot be tapped after ready()`);
    };
    const h = hook as { intercept: (i: object) => void };
    if (name === 'upstreamRequest') {
      h.intercept({
        // tapable hands the factory interceptor the hook it just made for the key.
        factory: (_key: string, hook: unknown) => {
          guard();
          return hook;
        },
      });
    } else {
      h.intercept({
        register: (tap: unknown) => {
          guard();
          return tap;
        },
      });
    }
  }
}

export function activeHooks(hooks: Hooks<any>): Readonly<Active> {
  const active = {} as Active;
  for (const [name, hook] of Object.entries(hooks)) {
    // Count taps, not `isUsed()`: the sealing interceptor would make every hook look used.
    const h = hook as { taps?: unknown[] };
    active[name as keyof Hooks] = Array.isArray(h.taps) ? h.taps.length > 0 : true;
  }
  return Object.freeze(active);
}
