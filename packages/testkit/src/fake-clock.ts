/** @module A manual clock for time-dependent logic (circuit breakers, windows): `now()` moves only when told. */

export class FakeClock {
  private t: number;

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  /** Milliseconds, like Date.now. Pass `clock.now` where a `now` function is accepted. */
  readonly now = (): number => this.t;

  advance(ms: number): void {
    this.t += ms;
  }
}
