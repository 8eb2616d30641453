/** @module Where the deployment files are, and reading them. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const deployDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = dirname(deployDir);

export function readDeployFile(path: string): string {
  return readFileSync(join(deployDir, path), 'utf8');
}

export function readRepoJson(path: string): any {
  return JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}
