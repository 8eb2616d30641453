/**
 * @module Replay for evals: re-sends audited requests (full capture) in-process through the gateway
 * to another model, `concurrency` at a time, and reports each original/replay pair side by side.
 */
import { randomUUID } from 'node:crypto';
import type { ChatRequest, ChatResponse, Gateway } from '@switchyard/core';
import { SwitchyardError } from '@switchyard/core';
import type { AuditRecord } from '../capture/audit-record.js';
import type { AuditSink } from '../sinks/audit-sink.js';
import type { ReplayOutcome, ReplayRegistry } from './replay-registry.js';

export interface ReplayOptions {
  since?: number | undefined;
  until?: number | undefined;
  alias?: string | undefined;
  /** The model (alias or `provider/model`) the requests are re-sent to. */
  toModel: string;
  limit: number;
  concurrency: number;
  /** A gateway key for the replayed requests, when the auth plugin requires one. */
  key?: string | undefined;
}

export interface ToolCallSummary {
  name: string;
  arguments: string;
}

export interface ReplaySide {
  requestId: string;
  model: string | null;
  provider: string | null;
  status: 'success' | 'error' | 'aborted';
  /** The first choice's text; null when there was no answer. */
  answer: string | null;
  toolCalls: ToolCallSummary[] | null;
  latencyMs: number;
  usage: AuditRecord['usage'];
  costUsd: number | null;
  errorCode: string | null;
}

export interface ReplayPair {
  object: 'replay.pair';
  alias: string;
  toModel: string;
  /** The request as recorded (after redaction), without the model. */
  request: AuditRecord['request'];
  original: ReplaySide;
  replay: ReplaySide;
  /** Both succeeded with the same text and the same tool calls (names and arguments). */
  exactMatch: boolean;
}

export interface ReplayProgress {
  total: number;
  done: number;
  ok: number;
  failed: number;
}

function answerOf(res: ChatResponse | null | undefined): { answer: string | null; toolCalls: ToolCallSummary[] | null } {
  const m = res?.choices?.[0]?.message;
  if (!m) return { answer: null, toolCalls: null };
  const calls = m.tool_calls?.length ? m.tool_calls.map((t) => ({ name: t.function.name, arguments: t.function.arguments })) : null;
  return { answer: typeof m.content === 'string' ? m.content : null, toolCalls: calls };
}

function originalSide(r: AuditRecord): ReplaySide {
  return {
    requestId: r.requestId,
    model: r.model,
    provider: r.provider,
    status: r.status,
    ...answerOf(r.response as ChatResponse | null),
    latencyMs: r.timings.totalMs,
    usage: r.usage,
    costUsd: r.costUsd,
    errorCode: r.errorCode,
  };
}

/** The recorded request, re-targeted: non-stream, no cache lookup of an earlier answer. */
function replayRequest(r: AuditRecord, toModel: string): ChatRequest {
  const { stream: _s, stream_options: _so, ...rest } = r.request as ChatRequest;
  return { ...rest, model: toModel };
}

function sameAnswer(a: ReplaySide, b: ReplaySide): boolean {
  return (
    a.status === 'success' && b.status === 'success' && a.answer === b.answer && JSON.stringify(a.toolCalls) === JSON.stringify(b.toolCalls)
  );
}

/** `complete` follows every request; should it ever not, the pair still gets written. */
const COMPLETE_GRACE_MS = 10_000;

async function withFallback(completed: Promise<ReplayOutcome>, fallback: ReplayOutcome): Promise<ReplayOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ReplayOutcome>((resolve) => {
    timer = setTimeout(() => resolve(fallback), COMPLETE_GRACE_MS);
  });
  try {
    return await Promise.race([completed, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function replayOne(gateway: Gateway, registry: ReplayRegistry, r: AuditRecord, o: ReplayOptions): Promise<ReplayPair> {
  const id = `replay-${randomUUID()}`;
  const completed = registry.register(id, r.requestId, { keyId: r.principal.keyId, team: r.principal.team, user: r.principal.user });
  const headers: Record<string, string> = { 'x-switchyard-cache': 'no-cache' };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  const started = performance.now();
  let response: ChatResponse | undefined;
  let error: SwitchyardError | undefined;
  try {
    response = await gateway.chat(replayRequest(r, o.toModel), { id, headers });
  } catch (e) {
    error = SwitchyardError.isInstance(e) ? e : new SwitchyardError('SY_ERR_INTERNAL', 'Internal gateway error', { cause: e });
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const done = await withFallback(completed, {
    status: error ? 'error' : 'success',
    provider: null,
    model: response?.model ?? null,
    usage: response?.usage ?? null,
    costUsd: null,
    ttftMs: null,
  });
  const replay: ReplaySide = {
    requestId: id,
    model: done.model,
    provider: done.provider,
    status: done.status,
    ...answerOf(response),
    latencyMs,
    usage: done.usage,
    costUsd: done.costUsd,
    errorCode: error?.apiCode ?? null,
  };
  const original = originalSide(r);
  const { model: _m, ...request } = r.request as ChatRequest;
  return {
    object: 'replay.pair',
    alias: r.alias,
    toModel: o.toModel,
    request: request as AuditRecord['request'],
    original,
    replay,
    exactMatch: sameAnswer(original, replay),
  };
}

/** Throws SY_ERR_MODEL_NOT_FOUND unless `toModel` is a configured alias or `provider/model`. */
export function assertReplayTarget(gateway: Gateway, toModel: string): void {
  if (gateway.routeTargets(toModel).length === 0) {
    throw new SwitchyardError('SY_ERR_MODEL_NOT_FOUND', `\`--to-model ${toModel}\` is not a configured alias or provider/model`);
  }
}

/**
 * Selects the newest `limit` replayable records in the window, replays them oldest first, and hands
 * each pair to `onPair` as it completes. Checks `toModel` (assertReplayTarget) before sending anything.
 */
export async function runReplay(
  gateway: Gateway,
  sink: AuditSink,
  registry: ReplayRegistry,
  o: ReplayOptions,
  onPair: (pair: ReplayPair) => Promise<void> | void,
  onProgress: (p: ReplayProgress) => void = () => {},
): Promise<ReplayPair[]> {
  assertReplayTarget(gateway, o.toModel);
  const records = (
    await sink.list({ since: o.since, until: o.until, alias: o.alias, replayable: true, limit: o.limit, order: 'desc' })
  ).reverse();
  const progress: ReplayProgress = { total: records.length, done: 0, ok: 0, failed: 0 };
  onProgress(progress);
  const pairs: ReplayPair[] = [];
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const pair = await replayOne(gateway, registry, records[next++] as AuditRecord, o);
      pairs.push(pair);
      await onPair(pair);
      progress.done++;
      if (pair.replay.status === 'success') progress.ok++;
      else progress.failed++;
      onProgress(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, Math.max(records.length, 1)) }, worker));
  return pairs;
}
