/**
 * @module The redaction plugin. At `transformRequest` (Stage.REDACT: after auth and quota, before
 * cache lookup and everything that stores or sends the request) it scans the request by scope,
 * masks or blocks, and records its findings on the context. With `restore`, `transformResponse` and
 * `streamTransforms` map placeholders back in the answer. Fails closed: a detector that throws, or
 * a scan over its time budget, refuses the request before anything goes upstream.
 */
import {
  type ChatResponse,
  contextKey,
  definePlugin,
  type Gateway,
  type GatewayRequest,
  type RequestContext,
  Stage,
} from '@switchyard/core';
import { DetectorSet } from './detector-set.js';
import { BUILTIN_DETECTORS } from './detectors/builtin-detectors.js';
import { customPatternDetector } from './detectors/custom-pattern.js';
import { denyListDetector } from './detectors/deny-list.js';
import type { Detector } from './detectors/detector.js';
import { redactionBlocked } from './errors.js';
import { REDACTION_FINDINGS, REDACTION_FOUND } from './findings.js';
import { type RedactionMode, type RedactionOptions, redactionOptionsSchema } from './options.js';
import { redactRequest, scopeSet } from './redact-request.js';
import { RequestRedaction } from './request-redaction.js';
import { restoreResponse } from './restore-response.js';
import { streamRestorer } from './stream-restorer.js';

const PLUGIN = 'redaction';

/** This request's placeholder -> value map, when `restore` masked something. */
const RESTORE = contextKey<ReadonlyMap<string, string>>('redaction.restore');

/** A prompt exercising every built-in detector, scanned once at `ready` so the first request pays no warm-up. */
const WARM_UP =
  'Mail ann@example.com or call +44 20 7946 0958 / (415) 555-2671; card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, ' +
  'SSN 123-45-6789, hosts 192.0.2.10 and 2001:db8::ff00:42:8329, password=Tr0ub4dor&3';

function selectDetectors(config: RedactionOptions, codeDetectors: readonly Detector[]): { detector: Detector; mode: RedactionMode }[] {
  const known = [...BUILTIN_DETECTORS, ...codeDetectors];
  const chosen: { detector: Detector; mode: RedactionMode }[] = [];
  const wanted = config.detectors;
  for (const detector of known) {
    let mode: RedactionMode | undefined = config.mode;
    if (Array.isArray(wanted)) mode = wanted.includes(detector.name) ? config.mode : undefined;
    else if (wanted) mode = wanted[detector.name];
    if (mode) chosen.push({ detector, mode });
  }
  for (const c of config.custom) chosen.push({ detector: customPatternDetector(c), mode: c.mode ?? config.mode });
  for (const d of config.denyLists) chosen.push({ detector: denyListDetector(d), mode: d.mode ?? config.mode });
  return chosen;
}

function apply(gateway: Gateway, config: RedactionOptions, codeDetectors: readonly Detector[]): void {
  const set = new DetectorSet(selectDetectors(config, codeDetectors));
  if (set.size === 0) return;
  const scope = scopeSet(config.scope);

  gateway.hooks.ready.tapPromise(PLUGIN, async () => {
    try {
      new RequestRedaction(set, 60_000).text(WARM_UP);
    } catch (e) {
      // Requests that make this detector throw are refused (fail closed); boot goes on.
      gateway.logger.warn({ plugin: PLUGIN, err: (e as Error).message }, 'redaction: a detector failed on the warm-up text');
    }
    gateway.logger.info(
      { plugin: PLUGIN, detectors: set.active.map((a) => `${a.detector.name}:${a.mode}`), scope: config.scope },
      'redaction: detectors ready',
    );
  });

  gateway.hooks.transformRequest.tapPromise({ name: PLUGIN, stage: Stage.REDACT }, async (req: GatewayRequest, ctx: RequestContext) => {
    const run = new RequestRedaction(set, config.maxScanMs);
    const out = redactRequest(req, run, scope);
    const findings = run.findings();
    if (!findings) return req;
    ctx.set(REDACTION_FINDINGS, findings);
    ctx.set(REDACTION_FOUND, findings.found);
    if (findings.blockedBy.length) throw redactionBlocked(findings.blockedBy);
    const map = run.restoreMap();
    if (map) {
      ctx.set(RESTORE, map);
      // A cached answer would carry this request's restored values to another caller.
      ctx.cacheDirective = ctx.cacheDirective === 'no-cache' ? 'no-cache' : 'no-store';
    }
    return out;
  });

  if (!set.hasRestore) return;

  gateway.hooks.transformResponse.tapPromise({ name: PLUGIN, stage: Stage.REDACT }, async (res, ctx) => {
    const map = ctx.get(RESTORE);
    if (!map || !('choices' in res)) return res;
    return restoreResponse(res as ChatResponse, map);
  });

  gateway.hooks.streamTransforms.tap({ name: PLUGIN, stage: Stage.REDACT }, (transformers, ctx) => {
    const map = ctx.get(RESTORE);
    return map ? [...transformers, streamRestorer(map)] : transformers;
  });
}

export interface RedactionPluginOptions {
  /**
   * Detectors written in code (an NER model, a customer-id checksum), run after the built-ins. Each
   * must be synchronous and linear; `detectors:` in config may name them like built-ins.
   */
  detectors?: readonly Detector[];
}

/**
 * A redaction plugin with extra detectors written in code.
 * @example
 * const plugin = createRedactionPlugin({ detectors: [{ name: 'ticket', label: 'TICKET', scan(text, out) { ... } }] });
 */
export function createRedactionPlugin(options: RedactionPluginOptions = {}) {
  const codeDetectors = options.detectors ?? [];
  for (const d of codeDetectors) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(d.name) || !/^[A-Z][A-Z0-9_]{0,39}$/.test(d.label)) {
      throw new TypeError(`detector "${d.name}": name must be [a-z][a-z0-9_]* and label [A-Z][A-Z0-9_]*`);
    }
  }
  const names = [...BUILTIN_DETECTORS, ...codeDetectors].map((d) => d.name);
  return definePlugin({
    name: PLUGIN,
    version: '1.0.0',
    core: '^1',
    config: redactionOptionsSchema(names),
    apply: (gateway: Gateway, config: RedactionOptions) => apply(gateway, config, codeDetectors),
  });
}

export const redactionPlugin = createRedactionPlugin();
