// Command-line flags of `node bench/run.js` and their defaults (full run ≈ 3 min, --quick ≈ 40 s).
import { parseArgs } from 'node:util';
import { SCENARIOS } from './scenarios.js';

export const USAGE = `Usage: node bench/run.js [flags]   (or: pnpm bench -- [flags])

  --quick               short run (~40 s): 3 s per run, 1 s warm-up, 1 round, 300 latency-probe requests
  --duration <s>        seconds per measured run (default 3)
  --warmup <s>          seconds of unrecorded load per scenario and target first (default 2)
  --rounds <n>          measured runs per scenario and target, alternating gateway/baseline (default 6)
  --latency-requests <n>  1-connection probe: non-stream + stream request pairs per target (default 2000)
  --scenarios <ids>     comma-separated subset of: ${SCENARIOS.map((s) => s.id).join(', ')}
  --loadgen <name>      wrk (default when installed) or autocannon
  --no-gateway          measure the thin proxy only
  --gateway-log-level <level>  the gateway's server.logLevel (default warn; info adds one access-log line per request)
  --unique-bodies       make every request body distinct (true cache misses); on by default once a cache plugin is enabled
  --nice=<n>            priority of the bench's processes and their session (default -10; falls back to 0 when not
                        permitted). Keeps other work on a shared machine from landing on the pinned CPUs
  --json <path>         where to write results (default bench/results/latest.json)
  --strict              exit 1 when a budget is missed (failed responses always exit 1)
  -h, --help            this text`;

/**
 * @typedef {object} BenchOptions
 * @property {number} durationS
 * @property {number} warmupS
 * @property {number} rounds
 * @property {number} latencyRequests
 * @property {import('./scenarios.js').Scenario[]} scenarios
 * @property {'wrk' | 'autocannon' | undefined} loadgen undefined: wrk when installed
 * @property {boolean} gateway
 * @property {string} gatewayLogLevel
 * @property {boolean | undefined} uniqueBodies undefined: decided by the gateway's plugins
 * @property {number} nice
 * @property {string | undefined} jsonPath
 * @property {boolean} strict
 * @property {boolean} quick
 * @property {boolean} help
 */

const positive = (name, value) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
};

/** @param {string[]} argv @returns {BenchOptions} */
export function parseOptions(argv) {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` may pass the separator through.
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      'latency-requests': { type: 'string' },
      scenarios: { type: 'string' },
      loadgen: { type: 'string' },
      'no-gateway': { type: 'boolean', default: false },
      'gateway-log-level': { type: 'string', default: 'warn' },
      'unique-bodies': { type: 'boolean' },
      nice: { type: 'string', default: '-10' },
      json: { type: 'string' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick;
  const ids = values.scenarios?.split(',').map((s) => s.trim());
  const unknown = ids?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  if (values.loadgen && !['wrk', 'autocannon'].includes(values.loadgen)) throw new Error('--loadgen must be wrk or autocannon');
  const nice = Number(values.nice);
  if (!Number.isInteger(nice) || nice < -20 || nice > 19) throw new Error('--nice must be an integer from -20 to 19');
  return {
    // wrk takes whole seconds.
    durationS: Math.max(1, Math.round(positive('duration', values.duration ?? 3))),
    warmupS: Math.max(1, Math.round(positive('warmup', values.warmup ?? (quick ? 1 : 2)))),
    rounds: Math.round(positive('rounds', values.rounds ?? (quick ? 1 : 6))),
    latencyRequests: Math.round(positive('latency-requests', values['latency-requests'] ?? (quick ? 300 : 2000))),
    scenarios: ids ? SCENARIOS.filter((s) => ids.includes(s.id)) : [...SCENARIOS],
    loadgen: /** @type {any} */ (values.loadgen),
    gateway: !values['no-gateway'],
    gatewayLogLevel: values['gateway-log-level'],
    uniqueBodies: values['unique-bodies'],
    nice,
    jsonPath: values.json,
    strict: values.strict,
    quick,
    help: values.help,
  };
}
