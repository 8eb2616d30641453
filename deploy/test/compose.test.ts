/**
 * @module deploy/compose.yaml and its nginx config, read statically against the image and the
 * gateway config they run: replicas and stores, secrets from .env, grace period above the drain,
 * and an nginx that keeps upstream connections alive, streams SSE unbuffered and passes x-request-id.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configRefs } from './support/config-refs.js';
import { configPathOf, readImage } from './support/dockerfile.js';
import { children, durationMs, effective, nginxTimeMs, proxyHeaders, readCompose, readNginx, sizeBytes } from './support/manifests.js';
import { deployDir, readDeployFile, repoRoot } from './support/repo.js';
import { resolveConfig, stopBudgetMs, stores } from './support/resolve-config.js';

const image = readImage();
const compose = readCompose();
const gateway = compose.services.gateway;
const nginx = compose.services.nginx;
const mounts = (service: any): [string, string][] => (service.volumes as string[]).map((v) => v.split(':') as [string, string]);
const configMount = mounts(gateway).find(([, target]) => target === configPathOf(image));
const configText = readDeployFile(configMount![0]);
const env: Record<string, string> = { ...image.runtime.env, ...gateway.environment };
const config = resolveConfig(configText, env, 'compose/switchyard.yaml');

/** `${NAME:?message}` and `${NAME}` interpolations compose fills from .env. */
const interpolated = (value: string) => [...value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/g)].map((m) => m[1]!);
/** A URL before compose interpolates it (`new URL` rejects `${...}`): its password and host. */
const urlParts = (value: string) => {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^:@/]*(?::(.*))?@)?([^:/@]+)/i.exec(value);
  return m ? { password: m[1] ?? '', host: m[2]! } : undefined;
};

describe('compose.yaml', () => {
  it('runs two gateway replicas built from deploy/Dockerfile with the repository as context', () => {
    expect(gateway.deploy.replicas).toBe(2);
    expect(join(deployDir, gateway.build.context)).toBe(repoRoot);
    expect(join(repoRoot, gateway.build.dockerfile)).toBe(join(deployDir, 'Dockerfile'));
  });

  it('publishes only nginx, which starts once the gateways are healthy', () => {
    const published = Object.entries(compose.services as Record<string, any>).filter(([, s]) => s.ports);
    expect(published.map(([name]) => name)).toEqual(['nginx']);
    expect(nginx.depends_on.gateway.condition).toBe('service_healthy');
  });

  it('mounts the gateway config at the path the image starts with, read-only root filesystem', () => {
    expect(configMount, `no volume at ${configPathOf(image)}`).toBeDefined();
    expect(existsSync(join(deployDir, configMount![0]))).toBe(true);
    expect(gateway.read_only).toBe(true);
  });

  it('shares Redis and PostgreSQL between replicas, reached as compose services that are healthy first', () => {
    expect(stores(config)).toEqual({ auth: 'postgres', quota: 'redis', cost: 'postgres' });
    expect((config.plugins.auth as { allowAnonymous?: boolean }).allowAnonymous).not.toBe(true);
    for (const [name, service] of [
      ['REDIS_URL', 'redis'],
      ['DATABASE_URL', 'postgres'],
    ]) {
      expect(urlParts(gateway.environment[name!])?.host).toBe(service);
      expect(compose.services[service!].healthcheck, service).toBeDefined();
      expect(gateway.depends_on[service!].condition).toBe('service_healthy');
    }
  });

  it('gives the gateway every variable its config requires, secrets only from .env, all listed in .env.example', () => {
    const refs = configRefs(configText);
    expect([...refs.required].filter((n) => !(n in env))).toEqual([]);
    expect(refs.inlineSecrets).toEqual([]);
    for (const name of refs.secret) {
      const value = String(gateway.environment[name]);
      const url = urlParts(value);
      // A secret is a whole interpolation, or a URL whose password (if any) is one.
      if (url) expect(url.password, name).toMatch(/^(\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\})?$/);
      else expect(value, name).toMatch(/^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$/);
    }
    const example = readDeployFile('.env.example');
    const fromEnvFile = new Set(
      Object.values(compose.services as Record<string, any>).flatMap((s) =>
        Object.values(s.environment ?? {}).flatMap((v) => interpolated(String(v))),
      ),
    );
    for (const name of fromEnvFile) expect(example, name).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('gives a stopping gateway longer than its drain and final ledger flush', () => {
    expect(durationMs(gateway.stop_grace_period)).toBeGreaterThan(stopBudgetMs(config));
  });
});

describe('compose/nginx.conf', () => {
  const [source, target] = mounts(nginx).find(([src]) => src.endsWith('.conf'))!;
  const tree = readNginx(source);
  const upstream = children(tree, 'upstream')[0]!;
  const proxied = children(children(tree, 'server')[0]!, 'location').filter(
    (l) => effective(l, 'proxy_pass')[0] === `http://${upstream.value}`,
  );

  it('is mounted into conf.d and proxies to the gateway service on the port its config listens on', () => {
    expect(target).toMatch(/^\/etc\/nginx\/conf\.d\/[^/]+\.conf$/);
    const [host, port] = children(upstream, 'server')[0]!.value.split(/\s+/)[0]!.split(':');
    expect(compose.services[host!]).toBe(gateway);
    expect(Number(port)).toBe(config.server.port);
    expect(proxied.map((l) => l.value)).toContain('/');
  });

  it('keeps upstream connections alive: a keepalive pool, HTTP/1.1 and no Connection header passed on', () => {
    expect(Number(children(upstream, 'keepalive')[0]?.value)).toBeGreaterThan(0);
    for (const location of proxied) {
      expect(effective(location, 'proxy_http_version'), location.value).toEqual(['1.1']);
      expect(proxyHeaders(location).get('connection'), location.value).toBe('""');
    }
  });

  it('streams server-sent events unbuffered and waits as long as the gateway may take', () => {
    for (const location of proxied) {
      expect(effective(location, 'proxy_buffering'), location.value).toEqual(['off']);
      expect(nginxTimeMs(effective(location, 'proxy_read_timeout')[0] ?? '60s')).toBeGreaterThanOrEqual(config.router.timeouts.totalMs);
    }
  });

  it('passes x-request-id on, the caller’s when it sent one', () => {
    for (const location of proxied) {
      const value = proxyHeaders(location).get('x-request-id');
      expect(value, location.value).toBeDefined();
      const map = children(tree, 'map').find((m) => m.value.split(/\s+/)[1] === value);
      expect(map?.value.split(/\s+/)[0]).toBe('$http_x_request_id');
    }
  });

  it('accepts bodies up to the gateway’s own limit, so the gateway answers 413 in its error shape', () => {
    const server = children(tree, 'server')[0]!;
    expect(sizeBytes(effective(server, 'client_max_body_size')[0] ?? '1m')).toBeGreaterThanOrEqual(config.server.bodyLimit);
  });
});
