/** @module compose.yaml, the Kubernetes manifests and the nginx config, parsed for the tests. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NginxParser } from 'nginx-conf';
import type { NginxParseTreeNode } from 'nginx-conf/dist/src/parser.js';
import { parse, parseAllDocuments } from 'yaml';
import { deployDir, readDeployFile } from './repo.js';

export function readCompose(): any {
  return parse(readDeployFile('compose.yaml'));
}

/** Every object of every YAML file under deploy/k8s, keyed by `Kind/name`. */
export function readK8s(): Map<string, any> {
  const objects = new Map<string, any>();
  for (const file of readdirSync(join(deployDir, 'k8s')).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of parseAllDocuments(readDeployFile(join('k8s', file)))) {
      if (doc.errors.length) throw new Error(`k8s/${file}: ${doc.errors[0]!.message}`);
      const o = doc.toJS();
      if (o) objects.set(`${o.kind}/${o.metadata?.name}`, o);
    }
  }
  return objects;
}

export function k8sObject(objects: Map<string, any>, id: string): any {
  const o = objects.get(id);
  if (!o) throw new Error(`deploy/k8s has no ${id} (has: ${[...objects.keys()].join(', ')})`);
  return o;
}

/** `Go duration`-style compose values: `45s`, `1m30s`, `500ms`. */
export function durationMs(value: string): number {
  let ms = 0;
  for (const [, n, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit!]!;
  return ms;
}

/** nginx size values: `10m` -> bytes. */
export function sizeBytes(value: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (!m) throw new Error(`not an nginx size: ${value}`);
  return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2]!.toLowerCase()]!;
}

/** nginx time values: `300s`, `5m`, `60` (seconds) -> ms. */
export function nginxTimeMs(value: string): number {
  return /^\d+$/.test(value) ? Number(value) * 1000 : durationMs(value);
}

export function readNginx(file: string): NginxParseTreeNode {
  let tree: NginxParseTreeNode | undefined;
  new NginxParser().parse(readDeployFile(file), (err, t) => {
    if (err) throw new Error(`${file}: ${err.message}`);
    tree = t;
  });
  return tree!;
}

export function children(node: NginxParseTreeNode, name: string): NginxParseTreeNode[] {
  return (node.children ?? []).filter((c) => c.name === name);
}

/**
 * The directives in force in a block: its own, else the enclosing blocks'. nginx inherits an
 * array directive (`proxy_set_header`, `add_header`) only when the inner block sets none at all.
 */
export function effective(node: NginxParseTreeNode, name: string): string[] {
  for (let n: NginxParseTreeNode | null = node; n; n = n.parent) {
    const own = children(n, name);
    if (own.length) return own.map((c) => c.value);
  }
  return [];
}

/** `proxy_set_header` in force in a block, header names lowercased. */
export function proxyHeaders(node: NginxParseTreeNode): Map<string, string> {
  return new Map(
    effective(node, 'proxy_set_header').map((v) => {
      const [name, ...rest] = v.split(/\s+/);
      return [name!.toLowerCase(), rest.join(' ')];
    }),
  );
}
