// Entry of `pnpm bench`: starts the mock upstream, thin proxy and gateway pinned apart, loads them, prints and saves results.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBudgets } from './src/budgets.js';
import { cachesResponses } from './src/gateway-config.js';
import { probeLatency } from './src/latency.js';
import { runAutocannon } from './src/load-autocannon.js';
import { hasWrk, runWrk } from './src/load-wrk.js';
import { runScenarios } from './src/measure.js';
import { parseOptions, USAGE } from './src/options.js';
import { currentNiceness, setNiceness } from './src/priority.js';
import { probeTarget } from './src/probe.js';
import { CPU_LOAD, canPin, pinSelf } from './src/processes.js';
import { noiseWarnings, renderTables } from './src/report.js';
import { summarize } from './src/summarize.js';
import { gatewayMissing, startBaseline, startGateway, startUpstream } from './src/targets.js';

const DEFAULT_JSON = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const log = (line) => process.stderr.write(`bench: ${line}\n`);

/** Everything started so far, stopped in reverse order on the way out (also on Ctrl-C). */
const stops = [];
const stopAll = async () => {
  while (stops.length) await stops.pop()();
};
process.once('SIGINT', () => stopAll().finally(() => process.exit(130)));

function commit() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

/** @param {import('./src/options.js').BenchOptions} options */
async function bench(options) {
  if (!canPin()) log('WARNING: taskset or a second CPU is missing; nothing is pinned and the numbers are not comparable to DESIGN.md');
  pinSelf(CPU_LOAD);
  stops.unshift(setNiceness(options.nice));
  const loadgen = options.loadgen ?? (hasWrk() ? 'wrk' : 'autocannon');
  if (loadgen === 'wrk' && !hasWrk()) throw new Error('wrk is not installed: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk');
  if (loadgen === 'autocannon') {
    log('wrk not found, using autocannon: heavier on the load CPU and only whole-millisecond latencies.');
    log('  For the real numbers install wrk: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk');
  }
  const gatewaySkipped = options.gateway ? gatewayMissing() : 'disabled with --no-gateway';
  const unique = options.uniqueBodies ?? (!gatewaySkipped && cachesResponses());
  const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));

  const upstream = await startUpstream();
  stops.push(upstream.stop);
  const baseline = await startBaseline(upstream.port);
  stops.push(baseline.stop);
  const targets = [baseline];
  if (gatewaySkipped) {
    log(`gateway: SKIPPED (${gatewaySkipped}); measuring the thin proxy only`);
  } else {
    log(`gateway: starting the preset server (config and log in ${workDir})`);
    const gateway = await startGateway({ upstreamPort: upstream.port, logLevel: options.gatewayLogLevel, dir: workDir });
    stops.push(gateway.stop);
    targets.push(gateway);
  }
  for (const target of targets) {
    const problem = await probeTarget(target.origin);
    if (problem) throw new Error(`${target.name} at ${target.origin} answered a probe request wrongly: ${problem}\n${target.logTail()}`);
  }

  log(
    `${loadgen}, ${options.scenarios.length} scenarios x ${targets.length} targets x ${options.rounds} rounds of ${options.durationS} s ` +
      `(+${options.warmupS} s warm-up)${unique ? ', unique bodies' : ''}`,
  );
  const results = await runScenarios({
    scenarios: options.scenarios,
    targets,
    upstreamPid: upstream.pid,
    durationS: options.durationS,
    warmupS: options.warmupS,
    rounds: options.rounds,
    unique,
    workDir,
    load: loadgen === 'wrk' ? runWrk : runAutocannon,
    log,
  });
  log(`1-connection latency probe: ${options.latencyRequests} non-stream + stream pairs per target, interleaved`);
  const latency = await probeLatency({
    targets: targets.map((t) => ({ name: t.name, origin: t.origin })),
    requests: options.latencyRequests,
    warmup: Math.min(200, options.latencyRequests),
  });
  await stopAll();

  const summary = summarize(options.scenarios, results, latency);
  const budgets = checkBudgets(summary);
  const warnings = noiseWarnings(summary);
  const meta = {
    date: new Date().toISOString(),
    commit: commit(),
    node: process.version,
    loadgen,
    pinned: canPin(),
    nice: currentNiceness(),
    durationS: options.durationS,
    warmupS: options.warmupS,
    rounds: options.rounds,
    latencyRequests: options.latencyRequests,
    uniqueBodies: unique,
    gatewayLogLevel: options.gatewayLogLevel,
    gatewaySkipped,
  };
  const header =
    `Switchyard overhead bench, ${meta.date.slice(0, 10)}, commit ${meta.commit}, node ${meta.node}, ${loadgen}, ` +
    `${meta.rounds} x ${meta.durationS} s per scenario and target (median shown), ` +
    `${meta.pinned ? 'process under test on CPU 0, load generator + mock upstream on CPU 1' : 'NOT pinned'}, nice ${meta.nice}`;
  process.stdout.write(`\n${header}\n\n${renderTables(summary, budgets, { gatewaySkipped })}\n\n`);
  for (const w of warnings) process.stdout.write(`WARNING: ${w}\n`);

  const jsonPath = options.jsonPath ?? DEFAULT_JSON;
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify({ meta, summary, budgets, warnings, raw: { results, latency } }, null, 2)}\n`);
  process.stdout.write(`results: ${relative(process.cwd(), jsonPath) || jsonPath}\n`);

  const failures = [];
  for (const s of Object.values(summary.scenarios)) {
    for (const [name, t] of Object.entries({ gateway: s.gateway, baseline: s.baseline })) {
      if (t?.failed) failures.push(`${s.id} ${name}: ${t.failed} of ${t.requests} responses failed (first: ${t.firstFailure})`);
    }
  }
  for (const [name, t] of Object.entries(latency)) {
    if (t.bad) failures.push(`latency probe ${name}: ${t.bad} responses failed (first: ${t.firstBad})`);
  }
  if (failures.length) {
    process.stdout.write(
      `\nFAILED: responses did not pass their checks; the numbers above are not valid.\n${failures.map((f) => `  ${f}`).join('\n')}\n`,
    );
    if (!gatewaySkipped) process.stdout.write(`gateway config and log kept in ${workDir}\n`);
    return 1;
  }
  rmSync(workDir, { recursive: true, force: true });
  const missed = budgets.filter((b) => b.result === 'MISS');
  if (missed.length) process.stdout.write(`\n${missed.length} budget(s) missed: ${missed.map((b) => b.label).join('; ')}\n`);
  return options.strict && missed.length ? 1 : 0;
}

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  try {
    process.exitCode = await bench(options);
  } catch (err) {
    log(`ERROR: ${err.stack ?? err}`);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}
