/**
 * @module One deadline per request, across every try: one AbortController linked to the client's
 * signal, one timer for the request deadline (`totalMs`) and one for the current phase, re-armed
 * per try: the first byte (which includes the wait for a pooled socket), then a stream's idleness.
 */
import { SwitchyardError } from '../errors.js';

type Timer = ReturnType<typeof setTimeout>;

function timeout(provider: string, what: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_UPSTREAM_TIMEOUT', `Provider "${provider}" timed out (${what})`, { provider, retryable: true });
}

export class RequestDeadline {
  private ac = new AbortController();
  private readonly endsAt: number;
  private readonly total: Timer;
  private phase: Timer | undefined = undefined;
  /** The provider of the current try, for timeout messages. */
  private provider = 'upstream';
  private idleMs = 0;
  /** A stream is waiting for upstream data (not for its consumer). */
  private waiting = false;
  private readonly onClientAbort = () => this.ac.abort(this.client.reason);

  constructor(
    private readonly client: AbortSignal,
    private readonly totalMs: number,
  ) {
    this.endsAt = performance.now() + totalMs;
    if (client.aborted) this.ac.abort(client.reason);
    else client.addEventListener('abort', this.onClientAbort, { once: true });
    this.total = setTimeout(() => this.ac.abort(this.expired()), totalMs);
  }

  /** Aborts the upstream exchange of the current try. */
  get signal(): AbortSignal {
    return this.ac.signal;
  }

  remainingMs(): number {
    return this.endsAt - performance.now();
  }

  /** The error for a request whose deadline was spent before a try could start. */
  expired(): SwitchyardError {
    return timeout(this.provider, `request deadline of ${this.totalMs} ms`);
  }

  /** The timeout that aborted the current try, if a timer (not the client) did. */
  get timedOut(): SwitchyardError | undefined {
    const s = this.ac.signal;
    return s.aborted && !this.client.aborted && SwitchyardError.isInstance(s.reason) ? s.reason : undefined;
  }

  /** Starts a try: a fresh signal when a per-try timeout aborted the last one, and the first-byte timer. */
  beginTry(provider: string, firstByteMs: number): AbortSignal {
    this.provider = provider;
    if (this.ac.signal.aborted && !this.client.aborted && this.remainingMs() > 0) this.ac = new AbortController();
    this.clearPhase();
    if (firstByteMs > 0) {
      this.phase = setTimeout(() => this.ac.abort(timeout(provider, 'first byte')), Math.max(0, Math.min(firstByteMs, this.remainingMs())));
    }
    return this.ac.signal;
  }

  /** Response headers arrived: the first-byte timer stops. */
  gotHeaders(): void {
    this.clearPhase();
  }

  /**
   * From here on the try is a stream: a wait for data longer than `ms` (0: no limit) aborts it. Only
   * content counts as data; keep-alive comments and ping events are idle.
   */
  watchIdle(ms: number): void {
    this.clearPhase();
    this.idleMs = ms;
    this.waiting = false;
    if (ms > 0) this.phase = setTimeout(this.onIdle, ms);
  }

  /** Before reading upstream: the idle clock starts unless a wait is already running. */
  waitForData(): void {
    if (this.waiting) return;
    this.waiting = true;
    this.phase?.refresh();
  }

  /** Content arrived: the wait is over. */
  gotData(): void {
    this.waiting = false;
  }

  private readonly onIdle = () => {
    // Time spent while the consumer, not the upstream, was slow does not count.
    if (this.waiting) this.ac.abort(timeout(this.provider, `no stream data for ${this.idleMs} ms`));
  };

  /** The stream reached the client: only the idle timer bounds it from now on. */
  commit(): void {
    clearTimeout(this.total);
  }

  /**
   * Ends the current try's upstream exchange, closing its socket; the next try gets a fresh signal.
   * Not a timeout: `timedOut` stays as it was.
   */
  endTry(): void {
    this.ac.abort();
  }

  /** Clears every timer and unlinks the client's signal. Idempotent. */
  dispose(): void {
    clearTimeout(this.total);
    this.clearPhase();
    this.client.removeEventListener('abort', this.onClientAbort);
  }

  private clearPhase(): void {
    if (this.phase !== undefined) clearTimeout(this.phase);
    this.phase = undefined;
  }
}
