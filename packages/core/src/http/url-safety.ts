/**
 * @module Request-derived values in upstream URLs. Providers put a model or deployment name into a
 * path only through `urlPathSegment`, which admits a plain identifier and nothing that could leave
 * its segment (`/`, dot segments, `?`, `#`, `%`, `@`, spaces, control characters). Core then checks
 * every URL before sending: the URL as built must be the URL as sent.
 */
import { SwitchyardError } from '../errors.js';

/** Letters, digits, `.`, `_`, `-`; not starting with `.` (so never `.` or `..`); at most 256 characters. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,255}$/;

/**
 * Returns `value` when it is safe as one URL path segment; refuses it with a 400 otherwise. The
 * admitted characters need no percent-encoding, so the segment reaches the upstream exactly as given.
 *
 * @example `${baseUrl}/models/${urlPathSegment(call.model)}:generateContent`
 */
export function urlPathSegment(value: string, param = 'model'): string {
  if (SEGMENT.test(value)) return value;
  throw new SwitchyardError(
    'SY_ERR_INVALID_REQUEST',
    `The ${param} cannot be used in an upstream URL: use 1 to 256 letters, digits, '.', '_' or '-', not starting with '.'`,
    { param },
  );
}

/**
 * Parses an upstream URL and refuses one that parsing would rewrite: dot segments resolved,
 * backslashes turned into slashes, characters percent-encoded, or a fragment cut off. Such a URL
 * means a request-derived value escaped its place, so nothing is sent.
 */
function parse(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

export function parseUpstreamUrl(raw: string, provider: string): URL {
  const url = parse(raw);
  const authorityEnd = raw.indexOf('//');
  const pathStart = authorityEnd === -1 ? -1 : raw.indexOf('/', authorityEnd + 2);
  const path = pathStart === -1 ? '/' : raw.slice(pathStart);
  if (url && url.hash === '' && path === url.pathname + url.search) return url;
  throw new SwitchyardError(
    'SY_ERR_INVALID_REQUEST',
    `The request cannot be sent to provider "${provider}": its upstream URL would not be sent as built`,
    { provider, param: 'model' },
  );
}
