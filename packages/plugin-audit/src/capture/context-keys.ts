/**
 * @module Typed context slots the audit plugin reads and writes. `redaction.findings` and
 * `audit.replay` are public contracts; the rest are the plugin's own per-request state.
 */

import type { GatewayRequest } from '@switchyard/core';
import { type ChatResponse, contextKey, type StreamAssembler } from '@switchyard/core';

/**
 * Detector name -> matches in this request, set by a redaction plugin during `transformRequest`.
 * Read only; the audit record keeps a bounded copy.
 */
export const REDACTION_FINDINGS = contextKey<Record<string, number>>('redaction.findings');

/** Marks a request sent by `switchyard replay`: set in `admit` (after auth), never from a header. */
export interface ReplayMark {
  /** The audited request being replayed. */
  of: string;
}
export const REPLAY_MARK = contextKey<ReplayMark>('audit.replay');

/** `provider/model` of each target that failed an attempt, in order, once each. */
export const FAILED_TARGETS = contextKey<string[]>('audit.failed');
/** The request once every `transformRequest` tap ran: what the upstream was sent. */
export const SENT_REQUEST = contextKey<GatewayRequest>('audit.request');
/** A non-stream chat response as it came back, before restoring transforms. */
export const UPSTREAM_RESPONSE = contextKey<ChatResponse>('audit.response');
/** Folds a stream's parts, before restoring transforms, into a response. */
export const STREAM_CAPTURE = contextKey<StreamAssembler>('audit.stream');
