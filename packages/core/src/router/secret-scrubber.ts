/**
 * @module Keeps provider secrets out of everything an upstream error carries to clients, logs, hooks
 * and ledgers: message, code, param, headers, the upstream body kept for diagnostics and the cause.
 * One scrubber per configured provider, built at `ready()` from its secret options and the values of
 * its custom headers, plus the key shapes of common vendors.
 */
import { ERROR_CATALOG, SwitchyardError } from '../errors.js';

const REDACTED = '[redacted]';

/** Vendor key shapes, scrubbed even when not configured here (a key of another provider echoed back). */
const KEY_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b(sk|pk|rk|key)-[A-Za-z0-9_-]{8,}/g, `$1-${REDACTED}`],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
];

const MAX_MESSAGE = 1024;
const MAX_PARAM = 128;
const MAX_BODY = 4096;

/** What a client may branch on: a short identifier. Anything else is replaced by the catalog's code. */
const SAFE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** Header values shorter than this are not treated as secrets (they would garble ordinary words). */
const MIN_HEADER_SECRET = 8;

/**
 * One pattern for a set of secrets, longest first so a secret that contains another is removed
 * whole. Case-insensitive: an upstream may echo a key lower-cased (Google's error reasons are).
 */
function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const list = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return undefined;
  return new RegExp(list.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
}

function scrub(text: string, secrets: RegExp | undefined): string {
  let out = secrets ? text.replace(secrets, REDACTED) : text;
  for (const [pattern, replacement] of KEY_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Removes every given secret value, then anything shaped like a vendor key. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return scrub(text, secretPattern(secrets));
}

function bound(text: string, max: number): string {
  const flat = text.replace(CONTROL, ' ');
  // Idempotent: a bounded text bounded again is unchanged.
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}

export class SecretScrubber {
  private readonly secrets: RegExp | undefined;

  /**
   * @param secrets option values that are secrets (API keys)
   * @param headerValues values of operator-configured upstream headers: any of them may be a credential
   */
  constructor(secrets: readonly string[], headerValues: readonly string[] = []) {
    this.secrets = secretPattern([...secrets.filter((s) => s.length >= 4), ...headerValues.filter((v) => v.length >= MIN_HEADER_SECRET)]);
  }

  /** Scrubbed, one line, bounded. */
  text(text: string, max = MAX_MESSAGE): string {
    return bound(scrub(text, this.secrets), max);
  }

  /** An upstream's code when it is a short identifier with nothing scrubbed from it, else `fallback`. */
  code(code: string | undefined, fallback: string): string {
    if (code === undefined || !SAFE_CODE.test(code)) return fallback;
    return scrub(code, this.secrets) === code ? code : fallback;
  }

  /**
   * The same error with every field an upstream could have filled scrubbed and bounded. A cause that
   * carries a secret is dropped; the upstream body is kept as bounded, scrubbed text.
   */
  error(err: SwitchyardError): SwitchyardError {
    const message = this.text(err.message);
    const apiCode = this.code(err.apiCode, ERROR_CATALOG[err.code].apiCode);
    const param = err.param === null ? null : this.text(err.param, MAX_PARAM);
    const upstreamBody = err.upstreamBody === undefined ? undefined : this.text(bodyText(err.upstreamBody), MAX_BODY);
    const headers = err.headers ? this.headers(err.headers) : undefined;
    const cause = this.cause(err.cause);
    if (
      message === err.message &&
      apiCode === err.apiCode &&
      param === err.param &&
      upstreamBody === err.upstreamBody &&
      headers === err.headers &&
      cause === err.cause
    ) {
      return err;
    }
    return new SwitchyardError(err.code, message, {
      cause,
      status: err.status,
      apiCode,
      retryAfter: err.retryAfter,
      param,
      provider: err.provider,
      upstreamStatus: err.upstreamStatus,
      upstreamBody,
      retryable: err.retryable,
      fallback: err.fallback,
      headers,
    });
  }

  /** Headers whose value held a secret are dropped, not rewritten: a half header is worse than none. */
  private headers(headers: Record<string, string>): Record<string, string> {
    let out: Record<string, string> | undefined;
    for (const [k, v] of Object.entries(headers)) {
      if (scrub(v, this.secrets) === v && scrub(k, this.secrets) === k) continue;
      out ??= { ...headers };
      delete out[k];
    }
    return out ?? headers;
  }

  private cause(cause: unknown): unknown {
    if (cause === undefined) return undefined;
    if (SwitchyardError.isInstance(cause)) return this.error(cause);
    const text = cause instanceof Error ? `${cause.message} ${String((cause.cause as Error | undefined)?.message ?? '')}` : bodyText(cause);
    return scrub(text, this.secrets) === text ? cause : undefined;
  }
}
