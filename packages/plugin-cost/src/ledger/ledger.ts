/**
 * @module The write-behind ledger: requests append rows to a memory buffer (never waiting on the
 * store); a timer and full batches write them in the background, one batch at a time.
 *
 * Store-down policy: rows stay buffered and writes are retried with exponential backoff (to 30 s);
 * the buffer is bounded by `maxBufferRows`, beyond which the oldest rows are dropped, counted and
 * logged. `close()` keeps retrying the final flush for `closeTimeoutMs` and logs what it could not write.
 */
import type { Logger } from '@switchyard/core';
import type { LedgerRow } from './ledger-row.js';
import type { LedgerStore, ReportQuery, ReportRow } from './ledger-store.js';

export interface LedgerOptions {
  batchSize: number;
  flushIntervalMs: number;
  maxBufferRows: number;
  closeTimeoutMs: number;
}

export interface LedgerStats {
  store: 'sqlite' | 'postgres';
  /** Rows waiting in memory (including a batch being written). */
  buffered: number;
  written: number;
  /** Successful write transactions. */
  batches: number;
  failedWrites: number;
  /** Rows dropped because the buffer was full while the store was down. */
  dropped: number;
  /** The last store error, cleared by the next successful write. */
  lastError: string | undefined;
}

const MAX_BACKOFF_MS = 30_000;
const LOG_EVERY_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Ledger {
  private buffer: LedgerRow[] = [];
  private inFlight = 0;
  private opened = false;
  private closed = false;
  private running: Promise<void> | undefined;
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastLogAt = 0;
  private readonly counters = { written: 0, batches: 0, failedWrites: 0, dropped: 0 };
  private lastError: string | undefined;

  constructor(
    readonly store: LedgerStore,
    private readonly options: LedgerOptions,
    private readonly logger: Logger,
  ) {}

  /** Opens the store. A store that is down at boot is retried by later flushes, not fatal. */
  async start(): Promise<void> {
    try {
      await this.ensureOpen();
    } catch (e) {
      this.noteFailure(e, 'cost ledger: store unavailable at start; rows are buffered and retried');
    }
    this.timer = setInterval(() => this.tick(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Buffers one row; O(1) on the request path. */
  add(row: LedgerRow): void {
    if (this.closed) {
      this.logger.error({ requestId: row.requestId }, 'cost ledger: row after close was not recorded');
      return;
    }
    this.buffer.push(row);
    if (this.buffer.length > this.options.maxBufferRows) {
      this.buffer.shift();
      this.counters.dropped++;
      this.logThrottled(
        { dropped: this.counters.dropped, maxBufferRows: this.options.maxBufferRows },
        'cost ledger: buffer full while the store is down; dropping the oldest rows',
      );
    }
    if (this.buffer.length >= this.options.batchSize && !this.scheduled && Date.now() >= this.retryAt) {
      // Coalesce every row completed in this tick into one batch.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.write(this.options.batchSize).catch(() => {});
      });
    }
  }

  /** Writes everything buffered now. Rejects with the store error if a write fails (rows stay buffered). */
  flush(): Promise<void> {
    return this.write(1);
  }

  /** Serialised writes: batches while at least `min` rows are buffered (a full batch, or any). */
  private write(min: number): Promise<void> {
    const run = (this.running ?? Promise.resolve()).catch(() => {}).then(() => this.drain(min));
    this.running = run;
    return run;
  }

  async report(query: ReportQuery): Promise<ReportRow[]> {
    await this.flush();
    return this.store.report(query);
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    const detail = `${this.store.kind}; buffered ${this.buffer.length + this.inFlight}, dropped ${this.counters.dropped}`;
    try {
      await this.ensureOpen();
      await this.store.ping();
    } catch (e) {
      return { ok: false, detail: `${detail}; ${(e as Error).message}` };
    }
    if (this.failures > 0) {
      // The store answers again: try the backlog now rather than waiting for the backoff.
      try {
        await this.flush();
      } catch {
        return { ok: false, detail: `${detail}; last write failed: ${this.lastError}` };
      }
    }
    return { ok: true, detail };
  }

  stats(): LedgerStats {
    return {
      store: this.store.kind,
      buffered: this.buffer.length + this.inFlight,
      ...this.counters,
      lastError: this.lastError,
    };
  }

  /** Final flush (retried until `closeTimeoutMs`), then closes the store. */
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
            { lost: this.buffer.length, error: this.lastError },
            'cost ledger: store still failing at shutdown; buffered rows were not written',
          );
          break;
        }
        await sleep(Math.min(100 * 2 ** attempt, 2_000, Math.max(0, deadline - Date.now())));
      }
    }
    this.closed = true;
    await this.store.close().catch((e) => this.logger.error({ err: e }, 'cost ledger: closing the store failed'));
  }

  private tick(): void {
    if (this.buffer.length === 0 || Date.now() < this.retryAt) return;
    this.flush().catch(() => {});
  }

  private async ensureOpen(): Promise<void> {
    if (this.opened) return;
    await this.store.open();
    this.opened = true;
  }

  private async drain(min: number): Promise<void> {
    while (this.buffer.length >= min && this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.batchSize);
      this.inFlight = batch.length;
      try {
        await this.ensureOpen();
        await this.store.insert(batch);
      } catch (e) {
        // Put the batch back in front, keeping order; the bound applies to the whole buffer.
        this.buffer = batch.concat(this.buffer);
        const over = this.buffer.length - this.options.maxBufferRows;
        if (over > 0) {
          this.buffer.splice(0, over);
          this.counters.dropped += over;
        }
        this.counters.failedWrites++;
        this.noteFailure(e, 'cost ledger: write failed; rows stay buffered and are retried');
        throw e;
      } finally {
        this.inFlight = 0;
      }
      this.counters.written += batch.length;
      this.counters.batches++;
      if (this.failures > 0) {
        this.logger.warn({ written: batch.length, buffered: this.buffer.length }, 'cost ledger: store recovered');
      }
      this.failures = 0;
      this.retryAt = 0;
      this.lastError = undefined;
    }
  }

  private noteFailure(e: unknown, msg: string): void {
    this.failures++;
    this.lastError = (e as Error)?.message ?? String(e);
    this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 10));
    this.logThrottled({ err: e, buffered: this.buffer.length, failures: this.failures }, msg);
  }

  /** Logs the first problem, then at most once per 30 s. */
  private logThrottled(obj: object, msg: string): void {
    const now = Date.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.lastLogAt = now;
    this.logger.error(obj, msg);
  }
}
