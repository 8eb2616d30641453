// Samples a process's resident set size from /proc/<pid>/status while a load run is in flight.
import { readFileSync } from 'node:fs';

/** VmRSS of `pid` in MB, or NaN when it cannot be read (no /proc, process gone). */
export function readRssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts sampling every `intervalMs`; `stop()` takes a last sample and returns the peak and the end value (MB).
 * @param {number} pid
 */
export function sampleRss(pid, intervalMs = 100) {
  let peak = readRssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, readRssMb(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const end = readRssMb(pid);
      return { rssPeakMb: Math.max(peak, end), rssEndMb: end };
    },
  };
}
