/**
 * @module The `Host` check on a loopback-bound server (DNS rebinding): a web page whose domain the
 * attacker points at 127.0.0.1 sends its own name in `Host`, so only local names (and the operator's
 * `allowedHosts`) with the listening port are accepted; others get 403 `host_not_allowed`.
 */
import { SwitchyardError } from '@switchyard/core';

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Splits `name[:port]` / `[v6][:port]`; the name lower-cased. */
function splitHost(host: string): { name: string; port: string | undefined } {
  const h = host.trim().toLowerCase();
  const close = h.startsWith('[') ? h.indexOf(']') + 1 : 0;
  const colon = h.indexOf(':', close);
  return colon === -1 ? { name: h, port: undefined } : { name: h.slice(0, colon), port: h.slice(colon + 1) };
}

/**
 * A check of the `Host` header; `port()` is the listening port (known after listen). A missing `Host`
 * (HTTP/1.0) passes: browsers always send one.
 */
export function hostAllowList(extra: readonly string[], port: () => number): (host: string | undefined) => void {
  const names = new Set([...LOCAL_NAMES, ...extra.map((n) => n.toLowerCase())]);
  return (host) => {
    if (host === undefined) return;
    const { name, port: given } = splitHost(host);
    if (names.has(name) && (given === undefined || given === String(port()))) return;
    throw new SwitchyardError(
      'SY_ERR_HOST_NOT_ALLOWED',
      'The Host header is not one this gateway serves: it is bound to loopback and accepts localhost, 127.0.0.1, [::1] ' +
        '(and server.allowedHosts) with its port',
    );
  };
}
