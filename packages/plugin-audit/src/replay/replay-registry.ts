/**
 * @module Replayed requests, marked where no caller can forge the mark: `switchyard replay` registers
 * each request id it is about to send in-process; an `admit` tap (after auth, before quota) marks
 * exactly those contexts (`audit.replay` slot, feature `replay`, tag `replay`) and, with
 * `replay.chargeTo: original`, charges the original principal. No header can set any of this.
 */
import type { Outcome, Principal, RequestContext, Usage } from '@switchyard/core';
import { costUsdOf } from '../capture/build-record.js';
import { REPLAY_MARK } from '../capture/context-keys.js';

export interface ReplayOutcome {
  status: Outcome['status'];
  provider: string | null;
  model: string | null;
  usage: Usage | null;
  costUsd: number | null;
  ttftMs: number | null;
}

interface Pending {
  of: string;
  principal: Principal;
  resolve: (o: ReplayOutcome) => void;
}

export const REPLAY_FEATURE = 'replay';

export class ReplayRegistry {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly chargeTo: 'replay' | 'original') {}

  /** Resolves when the request with this id completes (`complete` fires exactly once per request). */
  register(id: string, of: string, principal: Principal): Promise<ReplayOutcome> {
    return new Promise((resolve) => this.pending.set(id, { of, principal, resolve }));
  }

  /** `admit` tap: O(1), and nothing at all while no replay runs in this process. */
  mark(ctx: RequestContext): void {
    if (this.pending.size === 0) return;
    const p = this.pending.get(ctx.id);
    if (!p) return;
    ctx.set(REPLAY_MARK, { of: p.of });
    ctx.feature = REPLAY_FEATURE;
    if (!ctx.tags.includes(REPLAY_FEATURE)) ctx.tags = [...ctx.tags, REPLAY_FEATURE];
    if (this.chargeTo === 'original') ctx.principal = p.principal;
  }

  /** `complete` tap, for every request (admitted or not), so a waiting replay never hangs. */
  completed(outcome: Outcome, ctx: RequestContext): void {
    if (this.pending.size === 0) return;
    const p = this.pending.get(ctx.id);
    if (!p) return;
    this.pending.delete(ctx.id);
    p.resolve({
      status: outcome.status,
      provider: ctx.provider ?? null,
      model: ctx.upstreamModel ?? null,
      usage: outcome.usage ?? null,
      costUsd: costUsdOf(ctx),
      ttftMs: ctx.ttftMs ?? null,
    });
  }
}
