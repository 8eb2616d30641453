/**
 * @module The write-behind audit queue: `complete` offers records to a bounded in-memory queue
 * (never waiting on the sink); a timer and full batches write them in the background, one batch at a
 * time, serialized there and not on the request path.
 *
 * Full queue: `drop` refuses the new record (counted, logged at most every 30 s, `/readyz`
 * degraded). `block` never refuses a record; instead new requests wait in `admit` until there is
 * room (`waitForRoom`), which bounds the queue by the requests already admitted.
 *
 * Sink down: records stay queued and writes are retried with exponential backoff (to 30 s).
 * `close()` keeps retrying the final flush for `closeTimeoutMs` and logs what it could not write.
 */
import type { Logger } from '@switchyard/core';
import type { AuditRecord } from '../capture/audit-record.js';
import type { AuditSink } from '../sinks/audit-sink.js';
import type { RecordSerializer } from '../sinks/serialize-record.js';

export interface QueueOptions {
  maxQueue: number;
  onFull: 'drop' | 'block';
  batchSize: number;
  flushIntervalMs: number;
  closeTimeoutMs: number;
}

export interface AuditQueueStats {
  store: AuditSink['kind'];
  /** Records waiting (including a batch being written). */
  queued: number;
  maxQueue: number;
  written: number;
  /** Successful write batches. */
  batches: number;
  failedWrites: number;
  /** Records refused because the queue was full (`onFull: drop`) or offered after close. */
  dropped: number;
  /** Provider secrets found in, and removed from, records. */
  scrubbed: number;
  /** The last sink error, cleared by the next successful write. */
  lastError: string | undefined;
}

const MAX_BACKOFF_MS = 30_000;
const LOG_EVERY_MS = 30_000;
/** `/readyz` stays degraded this long after the last drop. */
const DROP_DEGRADED_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class AuditQueue {
  private queue: AuditRecord[] = [];
  private inFlight = 0;
  private opened = false;
  private closed = false;
  private running: Promise<void> | undefined;
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastLogAt = 0;
  private lastDropAt = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly counters = { written: 0, batches: 0, failedWrites: 0, dropped: 0 };
  private lastError: string | undefined;

  constructor(
    readonly sink: AuditSink,
    private readonly serializer: RecordSerializer,
    private readonly options: QueueOptions,
    private readonly logger: Logger,
  ) {}

  /** Opens the sink. A sink that is down at boot is retried by later flushes, not fatal. */
  async start(): Promise<void> {
    try {
      await this.ensureOpen();
    } catch (e) {
      this.noteFailure(e, 'audit: store unavailable at start; records are queued and retried');
    }
    this.timer = setInterval(() => this.tick(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Queues one record; O(1). False when it was dropped. */
  offer(record: AuditRecord): boolean {
    if (this.closed) {
      this.counters.dropped++;
      this.logger.error({ requestId: record.requestId }, 'audit: record after close was not written');
      return false;
    }
    if (this.options.onFull === 'drop' && this.depth() >= this.options.maxQueue) {
      this.counters.dropped++;
      this.lastDropAt = Date.now();
      this.logThrottled({ dropped: this.counters.dropped, maxQueue: this.options.maxQueue }, 'audit: queue full; dropping records');
      return false;
    }
    this.queue.push(record);
    if (this.queue.length >= this.options.batchSize && !this.scheduled && Date.now() >= this.retryAt) {
      // Coalesce every record completed in this tick into one batch.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.write(this.options.batchSize).catch(() => {});
      });
    }
    return true;
  }

  depth(): number {
    return this.queue.length + this.inFlight;
  }

  dropped(): number {
    return this.counters.dropped;
  }

  hasRoom(): boolean {
    return this.depth() < this.options.maxQueue;
  }

  /** Resolves true once the queue has room, false after `timeoutMs` (or at close). */
  waitForRoom(timeoutMs: number): Promise<boolean> {
    if (this.hasRoom()) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(this.hasRoom());
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(wake);
        if (i !== -1) this.waiters.splice(i, 1);
        resolve(this.hasRoom());
      }, timeoutMs);
      this.waiters.push(wake);
      // A full queue is written now rather than at the next tick.
      if (Date.now() >= this.retryAt) this.flush().catch(() => {});
    });
  }

  /** Writes everything queued now. Rejects with the sink error if a write fails (records stay queued). */
  flush(): Promise<void> {
    return this.write(1);
  }

  /** Serialised writes: batches while at least `min` records are queued. */
  private write(min: number): Promise<void> {
    const run = (this.running ?? Promise.resolve()).catch(() => {}).then(() => this.drain(min));
    this.running = run;
    return run;
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    const s = this.stats();
    const detail = `${s.store}; queued ${s.queued}/${s.maxQueue}, dropped ${s.dropped}`;
    try {
      await this.ensureOpen();
      await this.sink.ping();
    } catch (e) {
      return { ok: false, detail: `${detail}; ${(e as Error).message}` };
    }
    if (this.failures > 0) {
      // The sink answers again: try the backlog now rather than waiting for the backoff.
      try {
        await this.flush();
      } catch {
        return { ok: false, detail: `${detail}; last write failed: ${this.lastError}` };
      }
    }
    if (this.lastDropAt > 0 && Date.now() - this.lastDropAt < DROP_DEGRADED_MS) {
      return { ok: false, detail: `${detail}; records dropped in the last ${DROP_DEGRADED_MS / 1000} s (queue full)` };
    }
    if (!this.hasRoom()) return { ok: false, detail: `${detail}; queue full` };
    return { ok: true, detail };
  }

  stats(): AuditQueueStats {
    return {
      store: this.sink.kind,
      queued: this.depth(),
      maxQueue: this.options.maxQueue,
      ...this.counters,
      scrubbed: this.serializer.scrubbed,
      lastError: this.lastError,
    };
  }

  /** Final flush (retried until `closeTimeoutMs`), then closes the sink. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    const deadline = Date.now() + this.options.closeTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.flush();
        break;
      } catch {
        if (Date.now() >= deadline) {
          this.logger.error(
            { lost: this.queue.length, error: this.lastError },
            'audit: store still failing at shutdown; queued records were not written',
          );
          break;
        }
        await sleep(Math.min(100 * 2 ** attempt, 2_000, Math.max(0, deadline - Date.now())));
      }
    }
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    await this.sink.close().catch((e) => this.logger.error({ err: e }, 'audit: closing the store failed'));
  }

  private tick(): void {
    if (this.queue.length === 0 || Date.now() < this.retryAt) return;
    this.flush().catch(() => {});
  }

  private async ensureOpen(): Promise<void> {
    if (this.opened) return;
    await this.sink.open();
    this.opened = true;
  }

  private async drain(min: number): Promise<void> {
    while (this.queue.length >= min && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.inFlight = batch.length;
      try {
        await this.ensureOpen();
        await this.sink.insert(batch.map((r) => this.serializer.toRow(r)));
      } catch (e) {
        // Back in front, keeping order. Nothing is dropped here: the bound applies to new offers.
        this.queue = batch.concat(this.queue);
        this.counters.failedWrites++;
        this.noteFailure(e, 'audit: write failed; records stay queued and are retried');
        throw e;
      } finally {
        this.inFlight = 0;
      }
      this.counters.written += batch.length;
      this.counters.batches++;
      if (this.failures > 0) this.logger.warn({ written: batch.length, queued: this.queue.length }, 'audit: store recovered');
      this.failures = 0;
      this.retryAt = 0;
      this.lastError = undefined;
      while (this.waiters.length > 0 && this.hasRoom()) this.waiters.shift()?.();
    }
  }

  private noteFailure(e: unknown, msg: string): void {
    this.failures++;
    this.lastError = (e as Error)?.message ?? String(e);
    this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 10));
    this.logThrottled({ err: e, queued: this.queue.length, failures: this.failures }, msg);
  }

  /** Logs the first problem, then at most once per 30 s. */
  private logThrottled(obj: object, msg: string): void {
    const now = Date.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.lastLogAt = now;
    this.logger.error(obj, msg);
  }
}
