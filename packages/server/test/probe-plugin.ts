// A small plugin for the server's tests: counts admit/complete, optionally requires a key, limits concurrency
// like the quota plugin does (a slot taken at admit, freed at complete), or adds a response header Node refuses.
import { definePlugin, type Outcome, Stage, SwitchyardError } from '@switchyard/core';
import { z } from 'zod';

export interface ProbeOptions {
  /** Refuse requests without `authorization` (401) and declare requireCredentials. */
  requireKey?: boolean;
  /** Refuse with 429 when this many admitted requests have not completed. */
  concurrency?: number;
  /** Requests carrying `x-test-bad-header: 1` get a response header with an invalid name. */
  badHeaderOnDemand?: boolean;
  /** Readiness checks to add: name -> [ok, critical]. */
  checks?: Record<string, [boolean, boolean]>;
}

export function probePlugin(opts: ProbeOptions = {}) {
  const state = { admits: 0, completes: 0, active: 0, outcomes: [] as { endpoint: string; outcome: Outcome }[] };
  const plugin = definePlugin({
    name: 'probe',
    version: '1.0.0',
    core: '^1',
    config: z.object({}).loose(),
    apply(gw) {
      if (opts.requireKey) gw.requireCredentials('probe');
      for (const [name, [ok, critical]] of Object.entries(opts.checks ?? {})) {
        gw.addHealthCheck(name, () => ({ ok, detail: ok ? undefined : `${name} is down` }), { critical });
      }
      gw.hooks.admit.tapPromise({ name: 'probe', stage: Stage.AUTH }, async (_req, ctx) => {
        if (opts.requireKey && !ctx.header('authorization')) return new SwitchyardError('SY_ERR_UNAUTHORIZED', 'Missing API key');
        if (opts.concurrency !== undefined && state.active >= opts.concurrency) {
          return new SwitchyardError('SY_ERR_RATE_LIMITED', 'Too many concurrent requests', { retryAfter: 1 });
        }
        state.admits++;
        state.active++;
        if (opts.badHeaderOnDemand && ctx.header('x-test-bad-header') === '1') ctx.responseHeaders['bad header'] = 'x';
        return undefined;
      });
      gw.hooks.complete.tapPromise('probe', async (outcome, ctx) => {
        state.outcomes.push({ endpoint: ctx.endpoint, outcome });
        if (!ctx.admitted) return;
        state.completes++;
        state.active--;
      });
    },
  });
  return { plugin, state };
}
