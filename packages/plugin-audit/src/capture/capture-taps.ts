/**
 * @module The audit plugin's request-path taps. Each does O(1) work (a slot write, an array push, or
 * one assembler step per stream part); records are built in `complete` and written off the path.
 *
 * Where bodies are captured, and why there:
 * - request: the last `transformRequest` tap (Stage.OBSERVE), so it is what went upstream (redacted);
 * - non-stream response: a `transformResponse` tap just before Stage.REDACT, so a redaction plugin's
 *   restore (which puts the original values back for the client) runs after it; later taps get a
 *   copy of the message objects, so an in-place restore cannot reach the captured one;
 * - stream: a stream transformer registered just before Stage.REDACT folds parts as the upstream sent
 *   them. It is added only to streams whose alias captures bodies, so other streams keep the
 *   pass-through fast path.
 */
import {
  type ChatResponse,
  type Gateway,
  isModelEndpoint,
  type Outcome,
  type RequestContext,
  Stage,
  StreamAssembler,
  type StreamTransformer,
} from '@switchyard/core';
import type { AuditRecord } from './audit-record.js';
import { buildRecord } from './build-record.js';
import type { CapturePolicy } from './capture-policy.js';
import { FAILED_TARGETS, SENT_REQUEST, STREAM_CAPTURE, UPSTREAM_RESPONSE } from './context-keys.js';

const PLUGIN_NAME = 'audit';
/** Before a redaction plugin's restore at Stage.REDACT. */
const BEFORE_RESTORE = Stage.REDACT - 1;
/** After the cost plugin's `complete` tap (Stage.OBSERVE), which sets `ctx.costUsd` for streams. */
const AFTER_COST = Stage.OBSERVE + 1;

/** Copies down to the message objects, so later taps may change them in place. */
function detach(res: ChatResponse): ChatResponse {
  // Never let capture break a request over a response shape it did not expect.
  if (!Array.isArray(res.choices)) return res;
  return {
    ...res,
    choices: res.choices.map((c) => ({
      ...c,
      message: {
        ...c.message,
        ...(c.message.tool_calls ? { tool_calls: c.message.tool_calls.map((t) => ({ ...t, function: { ...t.function } })) } : {}),
      },
    })),
  };
}

export interface CaptureSink {
  /** Takes a record; returns false when it was dropped. */
  offer(record: AuditRecord): boolean;
}

/**
 * Taps the hooks a captured request needs. `onComplete` runs for every request, admitted or not and
 * whatever its capture level (replay bookkeeping), before the record (if any) is offered.
 */
export function tapCapture(
  gateway: Gateway,
  policy: CapturePolicy,
  sink: CaptureSink,
  onComplete: (outcome: Outcome, ctx: RequestContext) => void,
): void {
  const hooks = gateway.hooks;
  const full = (ctx: RequestContext) => policy.level(ctx.requestedModel) === 'full';

  if (policy.capturesAnything()) {
    // First among `upstreamError` taps, since a bail hook skips the taps after one that decides.
    hooks.upstreamError.tap({ name: PLUGIN_NAME, stage: Number.MIN_SAFE_INTEGER }, (_err, ctx) => {
      const target = `${ctx.provider}/${ctx.upstreamModel}`;
      const failed = ctx.get(FAILED_TARGETS);
      if (!failed) ctx.set(FAILED_TARGETS, [target]);
      else if (!failed.includes(target)) failed.push(target);
      return undefined;
    });
  }

  if (policy.capturesBodies()) {
    hooks.transformRequest.tap({ name: PLUGIN_NAME, stage: Stage.OBSERVE }, (req, ctx) => {
      if (full(ctx)) ctx.set(SENT_REQUEST, req);
      return req;
    });
    hooks.transformResponse.tap({ name: PLUGIN_NAME, stage: BEFORE_RESTORE }, (res, ctx) => {
      if (ctx.endpoint === 'embeddings' || !full(ctx)) return res;
      ctx.set(UPSTREAM_RESPONSE, res as ChatResponse);
      return detach(res as ChatResponse);
    });
    hooks.streamTransforms.tap({ name: PLUGIN_NAME, stage: BEFORE_RESTORE }, (transformers, ctx) => {
      if (!full(ctx)) return transformers;
      const assembler = new StreamAssembler(ctx.id, ctx.requestedModel, Math.floor(Date.now() / 1000));
      ctx.set(STREAM_CAPTURE, assembler);
      const capture: StreamTransformer = {
        name: PLUGIN_NAME,
        transform(part) {
          assembler.add(part);
          return part;
        },
      };
      transformers.push(capture);
      return transformers;
    });
  }

  hooks.complete.tap({ name: PLUGIN_NAME, stage: AFTER_COST }, (outcome, ctx) => {
    onComplete(outcome, ctx);
    // Nothing is recorded for a request that was never admitted (bad input, 401, quota refusals).
    if (!ctx.admitted || !isModelEndpoint(ctx.endpoint)) return;
    const level = policy.level(ctx.requestedModel);
    if (level === 'off') return;
    sink.offer(buildRecord(outcome, ctx, level, Date.now()));
  });
}
