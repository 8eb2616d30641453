/**
 * @module A deadline for one store call that tells a slow store from a slow event loop. Node runs
 * expired timers before it reads sockets, so after a long synchronous stretch (a big request, a GC
 * pause, load) a timer can fire while the store's reply sits unread. The deadline therefore (1)
 * gives a timer that fired late, i.e. a loop that was stalled, one fresh period in which the store
 * can answer, and (2) lets one round of socket reads run before it declares the call timed out.
 */

/** A store call that got no reply within its deadline, though the event loop was responsive. */
export class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`no reply from the store within ${ms} ms`);
    this.name = 'StoreTimeoutError';
  }
}

/** A timer firing this late (as a fraction of the deadline) means the loop, not the store, was slow. */
const LATE_FRACTION = 0.25;

/** Resolves or rejects as `call` does, or rejects with StoreTimeoutError once `ms` of responsive time have passed. */
export function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let extended = false;
    let due = performance.now() + ms;
    let timer: NodeJS.Timeout;
    const expire = () => {
      const late = performance.now() - due;
      if (late > ms * LATE_FRACTION && !extended) {
        extended = true;
        due = performance.now() + ms;
        timer = setTimeout(expire, ms);
        return;
      }
      // setImmediate runs after the poll phase: a reply already in the socket is read first.
      setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(new StoreTimeoutError(ms));
      });
    };
    timer = setTimeout(expire, ms);
    call.then(
      (v) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
