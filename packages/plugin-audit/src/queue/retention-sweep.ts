/**
 * @module `retentionDays`: a background sweep deletes older records in bounded steps (`sweepBatch`
 * rows per statement, yielding between steps, at most `MAX_STEPS` per run) on an unref'd timer.
 */
import type { Logger } from '@switchyard/core';
import type { AuditSink } from '../sinks/audit-sink.js';

const DAY_MS = 86_400_000;
/** Steps per run: a huge backlog is worked off over several runs instead of one long burst. */
const MAX_STEPS = 200;

export interface SweepOptions {
  retentionDays: number;
  sweepIntervalMs: number;
  sweepBatch: number;
}

export class RetentionSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly sink: AuditSink,
    private readonly options: SweepOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.options.retentionDays <= 0) return;
    this.timer = setInterval(() => void this.run(), this.options.sweepIntervalMs);
    this.timer.unref();
    void this.run();
  }

  /** One sweep (joins a sweep already running); resolves with the records (JSONL: files) removed. 0 when retention is off. */
  run(now = Date.now()): Promise<number> {
    if (this.options.retentionDays <= 0) return Promise.resolve(0);
    this.running ??= this.sweep(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweep(now: number): Promise<number> {
    const before = now - this.options.retentionDays * DAY_MS;
    let removed = 0;
    try {
      for (let step = 0; step < MAX_STEPS && !this.stopped; step++) {
        const n = await this.sink.sweep(before, this.options.sweepBatch);
        removed += n;
        if (n < this.options.sweepBatch) break;
        await new Promise((r) => setImmediate(r));
      }
    } catch (e) {
      this.logger.warn({ err: e, removed }, 'audit: retention sweep failed; retried at the next interval');
    }
    if (removed > 0) this.logger.info({ removed, before: new Date(before).toISOString() }, 'audit: retention sweep');
    return removed;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
