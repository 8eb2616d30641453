/**
 * @module Record -> row, in the background writer: JSON once, then every configured provider secret
 * is removed from the text. Defense in depth: records hold no headers and core already scrubs error
 * messages, so a hit here means a secret came in through a body, and it is still never stored.
 */
import type { AuditRecord } from '../capture/audit-record.js';
import { type AuditRow, column } from './audit-sink.js';

const SENSITIVE_KEY = /key|token|secret|password|credential|authorization/i;
/** Shorter values are too likely to be ordinary words to blank out of records. */
const MIN_SECRET_LENGTH = 8;

/** Every string under a sensitive-looking option name of every configured provider (nested included). */
export function providerSecrets(providers: Record<string, Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, sensitive: boolean, depth: number) => {
    if (depth > 8) return;
    if (typeof value === 'string') {
      if (sensitive && value.length >= MIN_SECRET_LENGTH) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, sensitive, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, sensitive || SENSITIVE_KEY.test(k), depth + 1);
    }
  };
  for (const options of Object.values(providers)) walk(options, false, 0);
  return [...found];
}

export class RecordSerializer {
  /** Secrets found in (and removed from) records since boot. */
  scrubbed = 0;

  constructor(private readonly secrets: readonly string[]) {}

  toRow(r: AuditRecord): AuditRow {
    let json: string;
    try {
      json = JSON.stringify(r);
    } catch {
      // A body JSON cannot express must not fail its whole batch on every retry: keep the metadata.
      json = JSON.stringify({ ...r, request: null, response: null });
    }
    for (const s of this.secrets) {
      // JSON escapes some characters; look for the secret as it appears inside a JSON string too.
      for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) {
        if (json.includes(form)) {
          json = json.split(form).join('[redacted]');
          this.scrubbed++;
        }
      }
    }
    return {
      ts: r.ts,
      requestId: column(r.requestId),
      team: column(r.principal.team),
      alias: column(r.alias),
      status: r.status,
      endpoint: r.endpoint,
      capture: r.capture,
      replayOf: r.replayOf === null ? null : column(r.replayOf),
      json,
    };
  }
}
