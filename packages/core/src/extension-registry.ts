/**
 * @module What plugins add besides hook taps: readiness checks, HTTP routes, the admin authorizer,
 * CLI commands, and who requires credentials.
 */
import { SwitchyardError } from './errors.js';
import type { AdminAuthorizer, GatewayCommand, GatewayRoute } from './extensions.js';

export type { AdminAuthorizer, GatewayCommand, GatewayRoute } from './extensions.js';

export type HealthCheck = () => Promise<{ ok: boolean; detail?: string }> | { ok: boolean; detail?: string };

export interface HealthReport {
  ok: boolean;
  degraded: boolean;
  checks: Record<string, { ok: boolean; critical: boolean; detail?: string }>;
}

export class ExtensionRegistry {
  private readonly healthChecks = new Map<string, { check: HealthCheck; critical: boolean }>();
  readonly routes: GatewayRoute[] = [];
  readonly commands = new Map<string, GatewayCommand>();
  adminAuthorizer: AdminAuthorizer | undefined;
  /** Plugins that refuse requests without credentials (see Gateway.requireCredentials). */
  readonly credentialsRequiredBy: string[] = [];

  /**
   * A failing critical check makes the instance not ready (503); a non-critical one (a fail-open
   * store) only marks it degraded, so load balancers keep sending traffic it can still serve.
   */
  addHealthCheck(name: string, check: HealthCheck, options: { critical?: boolean } = {}): void {
    this.healthChecks.set(name, { check, critical: options.critical ?? true });
  }

  async health(ready: boolean): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    let ok = ready;
    let degraded = false;
    for (const [name, { check, critical }] of this.healthChecks) {
      let r: { ok: boolean; detail?: string };
      try {
        r = await check();
      } catch (e) {
        r = { ok: false, detail: (e as Error).message };
      }
      checks[name] = { ...r, critical };
      if (!r.ok) {
        if (critical) ok = false;
        else degraded = true;
      }
    }
    return { ok, degraded, checks };
  }

  addRoute(route: GatewayRoute): void {
    this.routes.push(route);
  }

  async authorizeAdmin(headers: Record<string, string | string[] | undefined>): Promise<boolean> {
    return this.adminAuthorizer ? await this.adminAuthorizer(headers) : false;
  }

  addCommand(command: GatewayCommand): void {
    if (this.commands.has(command.name)) {
      throw new SwitchyardError('SY_ERR_PLUGIN_DUPLICATE', `Command "${command.name}" is registered twice`);
    }
    this.commands.set(command.name, command);
  }
}
