/**
 * @module deploy/k8s read statically against the image and the config in its ConfigMap: probes on
 * the right paths and port, a grace period above preStop + drain, PDB and HPA on the Deployment,
 * a locked-down securityContext, and secrets only through a Secret that the docs tell how to create.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configRefs } from './support/config-refs.js';
import { configPathOf, readImage } from './support/dockerfile.js';
import { readK8s } from './support/manifests.js';
import { readRepoFile } from './support/repo.js';
import { resolveConfig, stopBudgetMs, stores } from './support/resolve-config.js';

const image = readImage();
const objects = readK8s();
const ofKind = (kind: string) => [...objects.values()].filter((o) => o.kind === kind);
const only = (kind: string) => {
  const found = ofKind(kind);
  if (found.length !== 1) throw new Error(`deploy/k8s: expected one ${kind}, found ${found.length}`);
  return found[0];
};
const deployment = only('Deployment');
const pod = deployment.spec.template.spec;
const podLabels: Record<string, string> = deployment.spec.template.metadata.labels;
const container = pod.containers[0];
const env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] = container.env ?? [];

/** The ConfigMap file mounted at the image's config path. */
function mountedConfig(): { configMap: any; text: string } {
  const path = configPathOf(image);
  const mount = container.volumeMounts.find((m: any) => m.mountPath === posix.dirname(path) || (m.mountPath === path && m.subPath));
  expect(mount, `nothing mounted at ${path}`).toBeDefined();
  const volume = pod.volumes.find((v: any) => v.name === mount.name);
  const configMap = ofKind('ConfigMap').find((c) => c.metadata.name === volume?.configMap?.name);
  expect(configMap, `volume ${mount.name} is not a ConfigMap of deploy/k8s`).toBeDefined();
  const text = configMap.data[mount.subPath ?? posix.basename(path)];
  expect(text, `ConfigMap ${configMap.metadata.name} has no ${posix.basename(path)}`).toBeDefined();
  return { configMap, text };
}
const { text: configText } = mountedConfig();
const literalEnv = Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
const config = resolveConfig(configText, { ...image.runtime.env, ...literalEnv }, 'k8s ConfigMap');
const matches = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
const containerPort = (port: string | number) =>
  typeof port === 'number' ? port : container.ports.find((p: any) => p.name === port)?.containerPort;

describe('k8s Deployment', () => {
  it('probes readiness on /readyz and liveness on /healthz, on the port the config listens on', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    if (container.startupProbe) expect(container.startupProbe.httpGet.path).toBe('/healthz');
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe].filter(Boolean)) {
      expect(containerPort(probe.httpGet.port)).toBe(config.server.port);
    }
    expect(container.ports.map((p: any) => p.containerPort)).toEqual([config.server.port]);
  });

  it('pauses in preStop, then gives the drain and the final ledger flush time before SIGKILL', () => {
    const preStop = container.lifecycle.preStop;
    const pauseS = preStop.sleep?.seconds ?? (preStop.exec?.command[0] === 'sleep' ? Number(preStop.exec.command[1]) : Number.NaN);
    expect(pauseS).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(pauseS * 1000 + stopBudgetMs(config));
  });

  it('rolls out without losing capacity; the HorizontalPodAutoscaler owns the replica count', () => {
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(deployment.spec.replicas).toBeUndefined();
    expect(matches(deployment.spec.selector.matchLabels)).toBe(true);
  });

  it('runs as the image’s non-root user with a read-only root filesystem, no privileges and bounded memory', () => {
    const [uid, gid] = image.runtime.user.split(':').map(Number);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid ?? uid });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('runs the replicated config: keys required, Redis for quotas, PostgreSQL for keys and the ledger', () => {
    expect(stores(config)).toEqual({ auth: 'postgres', quota: 'redis', cost: 'postgres' });
    expect((config.plugins.auth as { allowAnonymous?: boolean }).allowAnonymous).not.toBe(true);
  });
});

describe('k8s secrets', () => {
  const refs = configRefs(configText);
  const secretRefs = env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => ({ name: e.name, ...e.valueFrom!.secretKeyRef! }));

  it('sets every variable the config requires, each secret from a secretKeyRef and none inline', () => {
    const provided = new Set([...Object.keys(image.runtime.env), ...env.map((e) => e.name)]);
    expect([...refs.required].filter((n) => !provided.has(n))).toEqual([]);
    expect(refs.inlineSecrets).toEqual([]);
    for (const name of refs.secret) {
      const entry = env.find((e) => e.name === name);
      if (entry) expect(entry.valueFrom?.secretKeyRef, name).toBeDefined();
    }
    expect(ofKind('Secret')).toEqual([]);
  });

  it('reads one Secret, created by the command docs/operations.md gives with exactly its keys', () => {
    const names = new Set(secretRefs.map((r) => r.name));
    expect(names.size).toBe(1);
    const [secret] = names;
    const docs = readRepoFile('docs/operations.md');
    const command = new RegExp(`kubectl create secret generic ${secret}((?:\\s*\\\\?\\n?\\s*--from-literal=[a-z0-9-]+=\\S*)+)`).exec(docs);
    expect(command, `docs/operations.md: no "kubectl create secret generic ${secret} --from-literal=..."`).not.toBeNull();
    const documented = [...command![1]!.matchAll(/--from-literal=([a-z0-9-]+)=/g)].map((m) => m[1]);
    expect(documented.sort()).toEqual(secretRefs.map((r) => r.key).sort());
  });
});

describe('k8s Service, PodDisruptionBudget, HorizontalPodAutoscaler', () => {
  it('the Service sends to the pods’ http port', () => {
    const service = only('Service');
    expect(matches(service.spec.selector)).toBe(true);
    for (const port of service.spec.ports) expect(containerPort(port.targetPort)).toBe(config.server.port);
  });

  it('the autoscaler keeps at least two pods and the budget lets one go while another serves', () => {
    const hpa = only('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const pdb = only('PodDisruptionBudget');
    expect(matches(pdb.spec.selector.matchLabels)).toBe(true);
    const disruptable = pdb.spec.maxUnavailable ?? hpa.spec.minReplicas - pdb.spec.minAvailable;
    expect(disruptable).toBeGreaterThanOrEqual(1);
    expect(disruptable).toBeLessThan(hpa.spec.minReplicas);
  });
});
