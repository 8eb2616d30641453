// Starts the bench's long-lived processes: mock upstream (CPU 1), thin proxy and gateway (CPU 0).
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayConfig, toYaml } from './gateway-config.js';
import { CPU_LOAD, CPU_UNDER_TEST, spawnPinned, stopChild, waitForHealthy, waitForReadyLine } from './processes.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const entry = (name) => fileURLToPath(new URL(`./bin/${name}.js`, import.meta.url));

/** What the gateway case needs on disk (paths relative to the repo root). */
export const GATEWAY_BIN = 'examples/preset-server/bin/switchyard.js';
export const GATEWAY_DIST = ['examples/preset-server/dist/index.js', 'packages/server/dist/index.js'];

/**
 * @typedef {object} Target
 * @property {'gateway' | 'baseline'} name
 * @property {string} origin e.g. http://127.0.0.1:43210
 * @property {number} pid the process under test (RSS and CPU are read from it)
 * @property {() => string} logTail recent output, to explain failures
 * @property {() => Promise<void>} stop
 */

/** Why the gateway case cannot run here, or null when it can. */
export function gatewayMissing() {
  const missing = [GATEWAY_BIN, ...GATEWAY_DIST].filter((path) => !existsSync(join(REPO, path)));
  return missing.length ? `${missing.join(' and ')} not found (build it with \`pnpm build\`)` : null;
}

/** Starts the mock OpenAI upstream on the load CPU. */
export async function startUpstream() {
  const child = spawnPinned(CPU_LOAD, process.execPath, [entry('mock-upstream')]);
  const { port, pid } = await waitForReadyLine(child, 'mock upstream');
  return { port, pid, origin: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** @param {number} upstreamPort @returns {Promise<Target>} */
export async function startBaseline(upstreamPort) {
  const child = spawnPinned(CPU_UNDER_TEST, process.execPath, [entry('thin-proxy'), '--upstream', `http://127.0.0.1:${upstreamPort}`]);
  const { port, pid } = await waitForReadyLine(child, 'thin proxy');
  return { name: 'baseline', origin: `http://127.0.0.1:${port}`, pid, logTail: () => '', stop: () => stopChild(child) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node examples/preset-server/bin/switchyard.js start --config <dir>/gateway.yaml` on CPU 0 and waits for
 * `GET /healthz` to answer 200. Its output goes to `<dir>/gateway.log` (a file, so a chatty logger never blocks on a pipe).
 * @param {{ upstreamPort: number, logLevel: string, dir: string }} options `dir` receives the config and the log
 * @returns {Promise<Target>}
 */
export async function startGateway({ upstreamPort, logLevel, dir }) {
  const port = await freePort();
  const configPath = join(dir, 'gateway.yaml');
  const logPath = join(dir, 'gateway.log');
  writeFileSync(configPath, `${toYaml(gatewayConfig({ port, upstreamPort, logLevel })).trimStart()}\n`);
  const log = openSync(logPath, 'w');
  const child = spawnPinned(CPU_UNDER_TEST, process.execPath, [join(REPO, GATEWAY_BIN), 'start', '--config', configPath], {
    cwd: REPO,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const logTail = () => `--- ${logPath} (tail) ---\n${readFileSync(logPath, 'utf8').slice(-3000)}`;
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(child, `${origin}/healthz`, logTail);
  } catch (err) {
    await stopChild(child);
    throw new Error(`gateway failed to start: ${err.message}\nconfig: ${configPath}`);
  }
  return { name: 'gateway', origin, pid: child.pid, logTail, stop: () => stopChild(child) };
}
