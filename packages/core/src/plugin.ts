/** @module The plugin API: `definePlugin` and the boot-time checks (names, core range, dependencies, options). */
import semver from 'semver';
import type { ZodType } from 'zod';
import { SwitchyardError } from './errors.js';
import { formatZodError } from './validation.js';

export const CORE_VERSION = '1.0.0';

export interface PluginDefinition<C = unknown, G = any> {
  /** Unique name; also the key of its options under `plugins:` in config. */
  readonly name: string;
  readonly version: string;
  /** semver range of core this plugin works with, e.g. `^1`. */
  readonly core: string;
  /** Names of plugins that must be registered too; they are applied first. */
  readonly dependencies?: readonly string[];
  /** zod schema of the plugin's options; `{}` must be valid for its defaults. */
  readonly config: ZodType<C>;
  /** Registers services and taps hooks. Runs once, before `ready`. */
  apply(gateway: G, config: C): void | Promise<void>;
}

const PLUGIN_BRAND = Symbol.for('switchyard.plugin');

/**
 * Declares a plugin.
 * @example
 * export default definePlugin({
 *   name: 'hello', version: '1.0.0', core: '^1', config: z.object({}),
 *   apply(gw) { gw.hooks.complete.tap('hello', (o) => console.log(o.status)) },
 * })
 */
export function definePlugin<C, G = any>(def: PluginDefinition<C, G>): PluginDefinition<C, G> {
  return Object.freeze({ ...def, [PLUGIN_BRAND]: true });
}

export function isPlugin(value: unknown): value is PluginDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string | symbol, unknown>;
  return v[PLUGIN_BRAND] === true || (typeof v.name === 'string' && typeof v.apply === 'function' && 'config' in v);
}

export interface PluginRegistration {
  plugin: PluginDefinition;
  options: unknown;
}

/**
 * Validates every plugin and its options and returns them in dependency order.
 * Throws coded errors: SY_ERR_PLUGIN_INVALID, _DUPLICATE, _CORE_VERSION, _DEPENDENCY, _CONFIG.
 */
export function resolvePlugins(regs: readonly PluginRegistration[]): { plugin: PluginDefinition; config: unknown }[] {
  const byName = new Map<string, PluginRegistration>();
  for (const reg of regs) {
    const p = reg.plugin;
    if (!isPlugin(p) || !p.name || typeof p.version !== 'string' || typeof p.core !== 'string') {
      throw new SwitchyardError(
        'SY_ERR_PLUGIN_INVALID',
        `Not a Switchyard plugin: ${String((p as { name?: unknown })?.name ?? p)} (use definePlugin with name, version, core, config, apply)`,
      );
    }
    if (byName.has(p.name)) {
      throw new SwitchyardError('SY_ERR_PLUGIN_DUPLICATE', `Plugin "${p.name}" is registered twice`);
    }
    if (!semver.validRange(p.core) || !semver.satisfies(CORE_VERSION, p.core)) {
      throw new SwitchyardError(
        'SY_ERR_PLUGIN_CORE_VERSION',
        `Plugin "${p.name}@${p.version}" requires core ${p.core}, but core is ${CORE_VERSION}`,
      );
    }
    byName.set(p.name, reg);
  }
  const ordered: { plugin: PluginDefinition; config: unknown }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const st = state.get(name);
    if (st === 'done') return;
    if (st === 'visiting') {
      throw new SwitchyardError('SY_ERR_PLUGIN_DEPENDENCY', `Plugin dependency cycle: ${[...path, name].join(' -> ')}`);
    }
    const reg = byName.get(name);
    if (!reg) {
      throw new SwitchyardError(
        'SY_ERR_PLUGIN_DEPENDENCY',
        `Plugin "${path.at(-1)}" depends on "${name}", which is not registered (${[...path, name].join(' -> ')})`,
      );
    }
    state.set(name, 'visiting');
    for (const dep of reg.plugin.dependencies ?? []) visit(dep, [...path, name]);
    const parsed = reg.plugin.config.safeParse(reg.options ?? {});
    if (!parsed.success) {
      throw new SwitchyardError(
        'SY_ERR_PLUGIN_CONFIG',
        `Invalid options for plugin "${name}": ${formatZodError(parsed.error, `plugins.${name}`)}`,
        { cause: parsed.error },
      );
    }
    state.set(name, 'done');
    ordered.push({ plugin: reg.plugin, config: parsed.data });
  };
  for (const name of byName.keys()) visit(name, []);
  return ordered;
}

/**
 * Backs a plugin's own extension hooks, one set per gateway (webpack's `getHooks` pattern).
 * @example const getHooks = pluginHooks(() => ({ onHit: new SyncHook<[string]>(['key']) }));
 */
export function pluginHooks<G extends object, H>(factory: () => H): (gateway: G) => H {
  const map = new WeakMap<G, H>();
  return (gateway) => {
    let h = map.get(gateway);
    if (!h) {
      h = Object.freeze(factory());
      map.set(gateway, h);
    }
    return h;
  };
}
