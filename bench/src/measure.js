// Runs every scenario against every target: a warm-up each, then rounds that alternate the target order.
import { startCpuWindow } from './cpu.js';
import { sampleRss } from './rss.js';

/**
 * @typedef {import('./load-wrk.js').LoadResult & {
 *   rssPeakMb: number, rssEndMb: number, underTestPct: number, loadPct: number, cpu0OtherPct: number, cpu1OtherPct: number
 * }} RunResult
 * @typedef {{ warmup: import('./load-wrk.js').LoadResult, runs: RunResult[] }} TargetRuns
 */

/**
 * @param {object} options
 * @param {import('./scenarios.js').Scenario[]} options.scenarios
 * @param {import('./targets.js').Target[]} options.targets
 * @param {number} options.upstreamPid
 * @param {number} options.durationS
 * @param {number} options.warmupS
 * @param {number} options.rounds
 * @param {boolean} options.unique
 * @param {string} options.workDir scratch files (request bodies)
 * @param {(run: { url: string, stream: boolean, connections: number, durationS: number, unique: boolean, workDir: string }) => Promise<import('./load-wrk.js').LoadResult>} options.load
 * @param {(line: string) => void} options.log
 * @returns {Promise<Record<string, Record<string, TargetRuns>>>} scenario id -> target name -> runs
 */
export async function runScenarios({ scenarios, targets, upstreamPid, durationS, warmupS, rounds, unique, workDir, load, log }) {
  const results = {};
  for (const scenario of scenarios) {
    const byTarget = {};
    results[scenario.id] = byTarget;
    const runOn = (target, seconds) =>
      load({
        url: `${target.origin}/v1/chat/completions`,
        stream: scenario.stream,
        connections: scenario.connections,
        durationS: seconds,
        unique,
        workDir,
      });
    for (const target of targets) {
      log(`${scenario.id} ${target.name}: warm-up ${warmupS} s`);
      byTarget[target.name] = { warmup: await runOn(target, warmupS), runs: [] };
    }
    for (let round = 0; round < rounds; round++) {
      for (const target of round % 2 === 0 ? targets : targets.toReversed()) {
        const others = targets.filter((t) => t !== target).map((t) => t.pid);
        const rss = sampleRss(target.pid);
        const cpu = startCpuWindow({ underTest: target.pid, alsoOnCpu0: others, alsoOnCpu1: [upstreamPid] });
        const result = await runOn(target, durationS);
        const run = { ...result, ...rss.stop(), ...cpu.stop() };
        byTarget[target.name].runs.push(run);
        log(
          `${scenario.id} ${target.name}: round ${round + 1}/${rounds}: ${Math.round(run.rps)} req/s, p50 ${run.p50Ms.toFixed(3)} ms, ` +
            `p99 ${run.p99Ms.toFixed(3)} ms, failed ${run.bad + run.socketErrors}, RSS ${run.rssEndMb.toFixed(0)} MB, ` +
            `CPU ${run.underTestPct}% (other load: cpu0 ${run.cpu0OtherPct}%, cpu1 ${run.cpu1OtherPct}%)`,
        );
      }
    }
  }
  return results;
}
