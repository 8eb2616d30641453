/**
 * @module What a request's scan found, on its RequestContext, for audit, metrics and routing.
 *
 * - `REDACTION_FINDINGS` (`redaction.findings`): the full record, typed.
 * - `REDACTION_FOUND` (`redaction.found`): just the detector names, e.g. `['email', 'credit_card']`.
 *
 * A context slot is looked up by its name, so another plugin or a routing rule reads them without
 * depending on this package: `ctx.get(contextKey<readonly string[]>('redaction.found'))`. Both are
 * set after `transformRequest` (Stage.REDACT) when something was found, and absent when nothing was.
 */
import { contextKey } from '@switchyard/core';

export interface RedactionFindings {
  /** Findings per detector name (overlapping findings count once, under the longest). */
  readonly counts: Readonly<Record<string, number>>;
  /** The detectors that found something: the keys of `counts`. */
  readonly found: readonly string[];
  /** Detectors in `block` mode that found something (the request was refused). */
  readonly blockedBy: readonly string[];
  /** Distinct values replaced by placeholders (mask and restore modes). */
  readonly masked: number;
  /** Of those, the ones `restore` maps back in the answer. */
  readonly restorable: number;
  /**
   * With `restore`, the answer the client receives holds the original values again: this puts the
   * placeholders back into any text (e.g. before an audit log or a cache stores the answer).
   */
  readonly remask: ((text: string) => string) | undefined;
}

export const REDACTION_FINDINGS = contextKey<RedactionFindings>('redaction.findings');
export const REDACTION_FOUND = contextKey<readonly string[]>('redaction.found');
