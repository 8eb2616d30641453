// The bench's scheduling priority: nice for its processes and their session's autogroup, undone at the end.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Bench processes' scheduling priority (`nice`), applied to everything the bench spawns; 0 leaves it alone. */
let niceness = 0;

const AUTOGROUP = '/proc/self/autogroup';

/** The niceness bench processes actually run at. */
export const currentNiceness = () => niceness;

/**
 * Raises (negative) or lowers the priority of every bench process, and returns a function that undoes it.
 * With the kernel's autogroup scheduling on, nice only ranks processes within one session, so the session's
 * autogroup (which this process and all its children share) gets the same value. Negative values need root.
 * @param {number} requested
 * @returns {() => void}
 */
export function setNiceness(requested) {
  if (requested === 0) return () => {};
  const probe = spawnSync('nice', ['-n', String(requested), 'nice'], { encoding: 'utf8' });
  if (probe.status !== 0 || Number(probe.stdout.trim()) !== requested) {
    process.stderr.write(`bench: not permitted to run at nice ${requested}; using the default priority (numbers are noisier)\n`);
    return () => {};
  }
  niceness = requested;
  let previous;
  try {
    previous = /nice (-?\d+)/.exec(readFileSync(AUTOGROUP, 'utf8'))?.[1];
    writeFileSync(AUTOGROUP, String(requested));
  } catch {
    return () => {};
  }
  return () => {
    try {
      if (previous !== undefined) writeFileSync(AUTOGROUP, previous);
    } catch {}
  };
}
