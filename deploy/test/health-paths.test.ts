/**
 * @module Every HTTP path the deployment files probe (the image's HEALTHCHECK, the Kubernetes probes,
 * nginx locations other than `/`), requested on a real preset server running the Kubernetes
 * ConfigMap's config on real Redis and PostgreSQL, its secrets given as the Deployment gives them.
 */
import { randomBytes } from 'node:crypto';
import { createPresetServer } from '@switchyard/preset-server';
import { interpolateEnv, parseConfigText, type SwitchyardServer, validateServerConfig } from '@switchyard/server';
import { httpJson, startPostgres, startRedis, type TestPostgres, type TestRedis } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configPathOf, healthcheckPath, readImage } from './support/dockerfile.js';
import { children, nginxTimeMs, readCompose, readK8s, readNginx } from './support/manifests.js';

const image = readImage();
const objects = [...readK8s().values()];
const deployment = objects.find((o) => o.kind === 'Deployment');
const container = deployment.spec.template.spec.containers[0];
const configMap = objects.find((o) => o.kind === 'ConfigMap');
const nginxFile = (readCompose().services.nginx.volumes as string[]).map((v) => v.split(':')[0]!).find((v) => v.endsWith('.conf'))!;
const nginx = readNginx(nginxFile);

/** [where it is referenced, path] for every probed path. */
function probedPaths(): [string, string][] {
  const paths: [string, string][] = [['Dockerfile HEALTHCHECK', healthcheckPath(image)!]];
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    if (container[probe]) paths.push([`k8s ${probe}`, container[probe].httpGet.path]);
  }
  for (const server of children(nginx, 'server')) {
    for (const location of children(server, 'location')) {
      const path = location.value.replace(/^=\s*/, '');
      if (path !== '/') paths.push([`nginx location ${location.value}`, path]);
    }
  }
  return paths;
}

describe('paths the deployment files probe, on a real server with the Kubernetes config', () => {
  let redis: TestRedis;
  let postgres: TestPostgres;
  let server: SwitchyardServer;
  let base: string;

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    // What the Deployment's secretKeyRefs hold, with this machine's stores.
    const secrets: Record<string, string> = {
      'admin-key': randomBytes(32).toString('base64url'),
      'openai-api-key': 'sk-deploy-test',
      'database-url': await postgres.createDatabase(),
      'redis-url': redis.url,
    };
    const env: Record<string, string> = { ...image.runtime.env };
    for (const e of container.env) {
      const key = e.valueFrom?.secretKeyRef?.key;
      if (key && !(key in secrets)) throw new Error(`the Deployment reads secret key ${key}: this test has no value for it`);
      env[e.name] = key ? secrets[key]! : e.value;
    }
    env.PORT = '0'; // a free port; the configured one is checked in k8s.test.ts
    const text = configMap.data[configPathOf(image).split('/').at(-1)!];
    const config = validateServerConfig(interpolateEnv(parseConfigText(text, 'k8s ConfigMap'), env));
    server = await createPresetServer({ ...config, server: { ...config.server, logLevel: 'silent' } });
    base = (await server.listen()).replace('0.0.0.0', '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });

  it('answers 200 on every probed path, and /readyz reports the shared stores connected', async () => {
    const paths = probedPaths();
    expect(paths.map(([, p]) => p)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    for (const [where, path] of paths) {
      const res = await httpJson(`${base}${path}`);
      expect(res.status, `${where}: GET ${path} -> ${res.status} ${res.text}`).toBe(200);
    }
    const ready = await httpJson(`${base}${container.readinessProbe.httpGet.path}`);
    expect(ready.json.status).toBe('ready');
    for (const check of ['auth-store:postgres', 'quota-redis', 'cost-ledger']) expect(ready.json.checks[check]?.ok, check).toBe(true);
  });

  it('keeps nginx’s idle upstream connections shorter-lived than the gateway’s keep-alive', () => {
    const upstream = children(nginx, 'upstream')[0]!;
    const nginxIdleMs = nginxTimeMs(children(upstream, 'keepalive_timeout')[0]?.value ?? '60s');
    expect(nginxIdleMs).toBeLessThan(server.app.fastify.server.keepAliveTimeout);
  });

  // Last: the drain cannot be undone. Swapped probes would restart draining pods instead of unlisting them.
  it('while draining, the readiness probe fails and the liveness probe still passes', async () => {
    server.app.startDrain();
    const readiness = await httpJson(`${base}${container.readinessProbe.httpGet.path}`);
    expect(readiness.status).toBe(503);
    expect(readiness.json.status).toBe('draining');
    expect((await httpJson(`${base}${container.livenessProbe.httpGet.path}`)).status).toBe(200);
    expect((await httpJson(`${base}${healthcheckPath(image)}`)).status).toBe(200);
  });
});
