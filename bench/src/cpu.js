// CPU accounting for one load run: the process under test's CPU share, and how much other work ran on each CPU.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: the unit of /proc/<pid>/stat and /proc/stat on Linux

/** utime + stime of `pid` (with its reaped children's when `withChildren`), in ticks; NaN when unreadable. */
function processTicks(pid, withChildren = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields counted from `state` (field 3): utime 14, stime 15, cutime 16, cstime 17.
    const own = Number(f[11]) + Number(f[12]);
    return withChildren ? own + Number(f[13]) + Number(f[14]) : own;
  } catch {
    return Number.NaN;
  }
}

/**
 * Busy ticks of CPU 0 and CPU 1. Softirq is left out on purpose: loopback networking runs there and is not charged
 * to any process, so counting it would make the bench's own traffic look like interference.
 */
function cpuBusyTicks() {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    return [0, 1].map((cpu) => {
      const f = lines
        .find((l) => l.startsWith(`cpu${cpu} `))
        .split(/\s+/)
        .map(Number);
      return f[1] + f[2] + f[3] + f[6] + f[8]; // user nice system irq steal
    });
  } catch {
    return [Number.NaN, Number.NaN];
  }
}

const pct = (ticks, seconds) => Math.round((ticks / (seconds * TICKS_PER_SECOND)) * 1000) / 10;

/**
 * Opens a window; `stop()` (after the load generator has exited and been reaped) returns CPU percentages of one core:
 * `underTestPct` for the process under test, `loadPct` for the bench's own work on CPU 1 (load generator, mock
 * upstream, this process), `cpu0OtherPct` / `cpu1OtherPct` for everything that was not the bench.
 * @param {{ underTest: number, alsoOnCpu0: number[], alsoOnCpu1: number[] }} pids the bench's long-lived processes
 */
export function startCpuWindow({ underTest, alsoOnCpu0, alsoOnCpu1 }) {
  const sample = () => ({
    at: process.hrtime.bigint(),
    cpus: cpuBusyTicks(),
    underTest: processTicks(underTest),
    cpu0: alsoOnCpu0.reduce((sum, pid) => sum + processTicks(pid), 0),
    // This process plus the load generators it has reaped (their ticks land in cutime/cstime).
    cpu1: processTicks(process.pid, true) + alsoOnCpu1.reduce((sum, pid) => sum + processTicks(pid), 0),
  });
  const start = sample();
  return {
    stop() {
      const end = sample();
      const seconds = Number(end.at - start.at) / 1e9;
      const underTest = end.underTest - start.underTest;
      return {
        underTestPct: pct(underTest, seconds),
        loadPct: pct(end.cpu1 - start.cpu1, seconds),
        cpu0OtherPct: Math.max(0, pct(end.cpus[0] - start.cpus[0] - underTest - (end.cpu0 - start.cpu0), seconds)),
        cpu1OtherPct: Math.max(0, pct(end.cpus[1] - start.cpus[1] - (end.cpu1 - start.cpu1), seconds)),
      };
    },
  };
}
