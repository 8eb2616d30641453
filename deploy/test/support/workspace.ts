/** @module The workspace's packages, for telling production dependencies from development ones. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRepoJson, repoRoot } from './repo.js';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function manifests(): Map<string, Manifest> {
  const dirs = ['packages', 'examples'].flatMap((d) => readdirSync(join(repoRoot, d)).map((p) => `${d}/${p}`));
  const all = new Map<string, Manifest>();
  for (const dir of ['.', 'bench', 'deploy', ...dirs]) {
    const m = readRepoJson(`${dir}/package.json`) as Manifest;
    all.set(m.name, m);
  }
  return all;
}

/**
 * For a workspace package: the external packages its production closure declares (`prod`), and
 * the development-only ones declared anywhere in the workspace (`devOnly`: devDependencies no
 * workspace package depends on in production).
 */
export function dependencySets(root: string): { prod: Set<string>; devOnly: Set<string> } {
  const all = manifests();
  const prod = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of Object.keys(all.get(name)?.dependencies ?? {})) {
      if (all.has(dep)) visit(dep);
      else prod.add(dep);
    }
  };
  visit(root);
  const anyProd = new Set([...all.values()].flatMap((m) => Object.keys(m.dependencies ?? {})));
  const devOnly = new Set([...all.values()].flatMap((m) => Object.keys(m.devDependencies ?? {})).filter((d) => !anyProd.has(d)));
  return { prod, devOnly };
}

/** Package names installed in a pnpm virtual store (`node_modules/.pnpm/@scope+name@1.2.3_peer/...`). */
export function installedPackages(appDir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(join(appDir, 'node_modules', '.pnpm'))) {
    const m = /^(@[^+]+\+[^@]+|[^@]+)@/.exec(entry);
    if (m) names.add(m[1]!.replace('+', '/'));
  }
  return names;
}
