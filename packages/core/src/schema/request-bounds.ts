/**
 * @module Bounds on the request strings that reach log lines, metric labels, ledger rows and headers:
 * the model name and the attribution headers. Too long is a 400 `field_too_long` naming the field;
 * attribution values are cleaned (UTF-8 decoded, control characters removed, trimmed).
 */
import { SwitchyardError } from '../errors.js';

export const REQUEST_BOUNDS = Object.freeze({
  /** UTF-8 bytes of a model name (`model`). */
  modelBytes: 256,
  /** Characters of `x-switchyard-feature` / `x-switchyard-customer` after cleaning. */
  attributionChars: 128,
  /** Tags in `x-switchyard-tags`. */
  tags: 16,
  /** Characters of one tag after cleaning. */
  tagChars: 64,
});

function tooLong(param: string, limit: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_FIELD_TOO_LONG', `${param} is too long: at most ${limit}`, { param });
}

/** Refuses a model name longer than `REQUEST_BOUNDS.modelBytes` UTF-8 bytes; other types are left to the schema. */
export function checkModelName(model: unknown): void {
  if (typeof model !== 'string' || model.length * 3 <= REQUEST_BOUNDS.modelBytes) return;
  if (model.length > REQUEST_BOUNDS.modelBytes || Buffer.byteLength(model, 'utf8') > REQUEST_BOUNDS.modelBytes) {
    throw tooLong('model', `${REQUEST_BOUNDS.modelBytes} bytes`);
  }
}

// C0/C1 controls and DEL; header values cannot carry most of them, in-process callers can.
const CONTROL = /\p{Cc}/gu;

/** Latin-1 text with bytes >= 0x80: possibly UTF-8 that HTTP delivered byte by byte. */
function isUtf8Candidate(s: string): boolean {
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return false;
    if (c >= 0x80) high = true;
  }
  return high;
}

/**
 * A header value as text: HTTP delivers bytes as Latin-1, so UTF-8 sent by the client is decoded;
 * control characters are removed and the ends trimmed. Undefined when nothing is left.
 */
export function cleanHeaderText(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let text = raw;
  if (isUtf8Candidate(raw)) {
    const decoded = Buffer.from(raw, 'latin1').toString('utf8');
    if (!decoded.includes('\ufffd')) text = decoded;
  }
  const out = text.replace(CONTROL, '').trim();
  return out || undefined;
}

export interface Attribution {
  feature: string | undefined;
  customer: string | undefined;
  tags: string[];
}

function bounded(name: string, raw: string | undefined): string | undefined {
  const v = cleanHeaderText(raw);
  if (v !== undefined && v.length > REQUEST_BOUNDS.attributionChars) throw tooLong(name, `${REQUEST_BOUNDS.attributionChars} characters`);
  return v;
}

/** `x-switchyard-feature`, `-customer` and `-tags`, cleaned and bounded. */
export function parseAttribution(header: (name: string) => string | undefined): Attribution {
  const tags: string[] = [];
  const rawTags = header('x-switchyard-tags');
  if (rawTags) {
    for (const part of rawTags.split(',')) {
      const tag = cleanHeaderText(part);
      if (tag === undefined) continue;
      if (tag.length > REQUEST_BOUNDS.tagChars) throw tooLong('x-switchyard-tags', `${REQUEST_BOUNDS.tagChars} characters per tag`);
      if (tags.length === REQUEST_BOUNDS.tags) throw tooLong('x-switchyard-tags', `${REQUEST_BOUNDS.tags} tags`);
      tags.push(tag);
    }
  }
  return {
    feature: bounded('x-switchyard-feature', header('x-switchyard-feature')),
    customer: bounded('x-switchyard-customer', header('x-switchyard-customer')),
    tags,
  };
}
