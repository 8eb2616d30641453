/**
 * @module deploy/Dockerfile and its build-context filter, read statically: stages on Node 20, the
 * deployed folder is what runs, health check, stop signal, non-root user, no secrets baked in, and a
 * build context that holds every source file but no host node_modules, builds or local secrets.
 */
import { execFileSync } from 'node:child_process';
import dockerignore from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { configRefs } from './support/config-refs.js';
import { configPathOf, healthcheckPath, readImage } from './support/dockerfile.js';
import { readDeployFile, repoRoot } from './support/repo.js';
import { resolveConfig, stores } from './support/resolve-config.js';

const image = readImage();
const bakedCopy = image.runtime.copies.find((c) => c.dest === configPathOf(image));
const bakedText = readDeployFile(bakedCopy!.src.replace(/^deploy\//, ''));

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, both on Node.js 20 pinned by major', () => {
    expect(image.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of image.stages) expect(stage.image, `stage ${stage.name}`).toMatch(/^node:20(-[a-z0-9-]+)?$/);
    expect(image.runtime.image).toMatch(/-slim$/);
  });

  it('runs the folder `pnpm deploy` produced, from its WORKDIR, with the config baked in at the --config path', () => {
    expect(image.runtime.copiesFromStages).toContainEqual({
      from: image.deploy.stage,
      src: image.deploy.target,
      dest: image.runtime.workdir,
    });
    expect(image.deploy.command).toMatch(/(^|\s)--prod(\s|$)/);
    expect(bakedCopy, `no COPY to ${configPathOf(image)}`).toBeDefined();
  });

  it('checks health on /healthz, stops with SIGTERM, and runs as a non-root numeric user', () => {
    expect(healthcheckPath(image)).toBe('/healthz');
    expect(Object.keys(image.runtime.healthcheck.options)).toEqual(
      expect.arrayContaining(['interval', 'timeout', 'start-period', 'retries']),
    );
    expect(image.runtime.stopSignal).toBe('SIGTERM');
    const [uid, gid] = image.runtime.user.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid ?? uid)).toBeGreaterThan(0);
  });

  it('exposes the port its built-in config listens on', () => {
    const config = resolveConfig(bakedText, image.runtime.env);
    expect(image.runtime.expose).toEqual([config.server.port]);
  });

  it('bakes in no secret: no secret-named ENV or ARG, and the built-in config takes the admin key from the environment', () => {
    const names = [...Object.keys(image.runtime.env), ...Object.keys(image.args)];
    expect(names.filter((n) => /key|secret|password|token/i.test(n))).toEqual([]);
    const refs = configRefs(bakedText);
    expect(refs.inlineSecrets).toEqual([]);
    expect([...refs.required]).toContain('SWITCHYARD_ADMIN_KEY');
    expect(Object.keys(image.runtime.env)).not.toContain('SWITCHYARD_ADMIN_KEY');
  });

  it('built-in config: keys required, embedded stores under the data directory the image creates', () => {
    const config = resolveConfig(bakedText, image.runtime.env);
    expect((config.plugins.auth as { allowAnonymous?: boolean }).allowAnonymous).not.toBe(true);
    expect(stores(config)).toEqual({ auth: 'sqlite', quota: 'memory', cost: 'sqlite' });
    const dataDir = image.runtime.env.SWITCHYARD_DATA_DIR!;
    const plugins = config.plugins as { auth: { sqlitePath: string }; cost: { path: string } };
    expect(plugins.auth.sqlitePath.startsWith(`${dataDir}/`)).toBe(true);
    expect(plugins.cost.path.startsWith(`${dataDir}/`)).toBe(true);
    const runtimeRuns = image.stages
      .at(-1)!
      .instructions.filter((i) => i.getKeyword() === 'RUN')
      .map((i) => i.getArgumentsContent());
    expect(runtimeRuns.some((r) => r?.includes(`chown ${image.runtime.user} ${dataDir}`))).toBe(true);
  });
});

describe('Dockerfile.dockerignore (the build context is the repository root)', () => {
  const filter = dockerignore({ ignorecase: false }).add(readDeployFile('Dockerfile.dockerignore'));

  it('keeps every file tracked by git, so the image builds from the same sources as CI', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(100);
    expect(tracked.filter((f) => filter.ignores(f))).toEqual([]);
    for (const { src } of image.runtime.copies) expect(filter.ignores(src), src).toBe(false);
  });

  it('leaves out host dependencies, builds, local data and secrets', () => {
    for (const path of [
      'node_modules/.pnpm/x/index.js',
      'packages/core/node_modules/zod/index.js',
      'packages/core/dist/index.js',
      'packages/core/tsconfig.tsbuildinfo',
      'data/switchyard-ledger.db',
      'deploy/.env',
      '.git/HEAD',
    ]) {
      expect(filter.ignores(path), path).toBe(true);
    }
  });
});
