/**
 * @module The attempt loop: walks a RoutePlan target by target, retrying with backoff, skipping open
 * circuits, and asking `upstreamError` taps for a directive before the default policy applies. One
 * deadline spans every try: no try starts once it is spent, and no backoff sleeps past it.
 */
import type { RouterConfig } from '../config.js';
import type { RequestContext } from '../context.js';
import { SwitchyardError, toSwitchyardError } from '../errors.js';
import type { Hooks, RetryDirective, RoutePlan, RouteTarget } from '../hooks.js';
import { RequestDeadline } from '../pipeline/request-deadline.js';
import { backoffDelay, sleep } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { classify } from './upstream-error.js';

export type AttemptFn<T> = (target: RouteTarget, deadline: RequestDeadline) => Promise<T>;

export function targetKey(t: { provider: string; model: string }): string {
  return `${t.provider}/${t.model}`;
}

export class Executor {
  constructor(
    private readonly router: RouterConfig,
    private readonly breaker: CircuitBreaker,
    private readonly hooks: Hooks,
    private readonly hasErrorTaps: () => boolean,
  ) {}

  private async directive(err: SwitchyardError, ctx: RequestContext, attempt: number, target: RouteTarget): Promise<RetryDirective> {
    if (this.hasErrorTaps()) {
      const d = await this.hooks.upstreamError.promise(err, ctx);
      if (d) return d;
    }
    const cls = classify(err);
    if (cls === 'fail') return { action: 'fail' };
    if (cls === 'fallback' || attempt >= target.retries) return { action: 'fallback' };
    const retryAfterMs = err.retryAfter === undefined ? 0 : err.retryAfter * 1000;
    if (retryAfterMs > this.router.maxRetryAfterMs) return { action: 'fallback' };
    return { action: 'retry', delayMs: backoffDelay(attempt, this.router.backoff, err.retryAfter) };
  }

  /**
   * Runs the tries under one request deadline, which ends with them unless `keep` hands it on with
   * the result (a started stream carries it).
   */
  async run<T>(plan: RoutePlan, ctx: RequestContext, attemptFn: AttemptFn<T>, keep = false): Promise<T> {
    const deadline = new RequestDeadline(ctx.signal, this.router.timeouts.totalMs);
    let kept = false;
    try {
      const result = await this.tries(plan, ctx, deadline, attemptFn);
      kept = keep;
      return result;
    } finally {
      if (!kept) deadline.dispose();
    }
  }

  private async tries<T>(plan: RoutePlan, ctx: RequestContext, deadline: RequestDeadline, attemptFn: AttemptFn<T>): Promise<T> {
    let lastError: SwitchyardError | undefined;
    let skipped = 0;
    for (const target of plan.targets) {
      const key = targetKey(target);
      if (!this.breaker.allow(key)) {
        skipped++;
        continue;
      }
      for (let attempt = 0; ; attempt++) {
        if (ctx.signal.aborted) throw clientClosed();
        if (deadline.remainingMs() <= 0) throw lastError ?? deadline.expired();
        ctx.attempts++;
        ctx.provider = target.provider;
        ctx.upstreamModel = target.model;
        try {
          const result = await attemptFn(target, deadline);
          this.breaker.success(key);
          return result;
        } catch (e) {
          if (ctx.signal.aborted) {
            this.breaker.release(key);
            throw clientClosed(e);
          }
          const err = toSwitchyardError(e);
          if (err.retryable) this.breaker.failure(key);
          else this.breaker.release(key);
          lastError = err;
          const d = await this.directive(err, ctx, attempt, target);
          if (d.action === 'fail') throw err;
          if (d.action === 'fallback') break;
          // A backoff longer than the time left is not slept: the next target may still answer in time.
          if ((d.delayMs ?? 0) >= deadline.remainingMs()) break;
          await sleep(d.delayMs ?? 0, ctx.signal).catch((reason) => {
            throw clientClosed(reason);
          });
          if (!this.breaker.allow(key)) break;
        }
      }
    }
    if (lastError) throw lastError;
    throw new SwitchyardError(
      'SY_ERR_NO_HEALTHY_TARGET',
      `No healthy upstream for \`${plan.model}\`: ${skipped} target(s) have open circuits`,
      { retryAfter: Math.ceil(this.router.circuitBreaker.cooldownMs / 1000) },
    );
  }
}

function clientClosed(cause?: unknown): SwitchyardError {
  return new SwitchyardError('SY_ERR_CLIENT_CLOSED', 'The client closed the request', { cause });
}
