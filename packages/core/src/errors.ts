/**
 * @module The error catalog. Every error the gateway produces has a stable `SY_ERR_*` code, an HTTP
 * status, an OpenAI error `type` and a public `apiCode`. Brand-checked with `Symbol.for` so two
 * installed copies of core still recognise each other's errors.
 */

const BRAND = Symbol.for('switchyard.error');

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'service_unavailable'
  | 'server_error'
  | 'configuration_error';

interface CatalogEntry {
  status: number;
  type: ErrorType;
  apiCode: string;
}

/** The catalog: one line per code. Public `apiCode`s never change meaning. */
export const ERROR_CATALOG = {
  SY_ERR_INVALID_JSON: { status: 400, type: 'invalid_request_error', apiCode: 'invalid_json' },
  SY_ERR_INVALID_REQUEST: { status: 400, type: 'invalid_request_error', apiCode: 'invalid_request' },
  SY_ERR_FIELD_TOO_LONG: { status: 400, type: 'invalid_request_error', apiCode: 'field_too_long' },
  SY_ERR_JSON_TOO_DEEP: { status: 400, type: 'invalid_request_error', apiCode: 'json_too_deep' },
  SY_ERR_UNSUPPORTED: { status: 400, type: 'invalid_request_error', apiCode: 'unsupported_capability' },
  SY_ERR_MODEL_UNPRICED: { status: 400, type: 'invalid_request_error', apiCode: 'model_unpriced' },
  SY_ERR_UNAUTHORIZED: { status: 401, type: 'authentication_error', apiCode: 'invalid_api_key' },
  SY_ERR_FORBIDDEN: { status: 403, type: 'permission_error', apiCode: 'permission_denied' },
  SY_ERR_HOST_NOT_ALLOWED: { status: 403, type: 'permission_error', apiCode: 'host_not_allowed' },
  SY_ERR_MODEL_NOT_FOUND: { status: 404, type: 'not_found_error', apiCode: 'model_not_found' },
  SY_ERR_ROUTE_NOT_FOUND: { status: 404, type: 'not_found_error', apiCode: 'not_found' },
  SY_ERR_METHOD_NOT_ALLOWED: { status: 405, type: 'invalid_request_error', apiCode: 'method_not_allowed' },
  SY_ERR_BODY_TOO_LARGE: { status: 413, type: 'invalid_request_error', apiCode: 'request_too_large' },
  SY_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, type: 'invalid_request_error', apiCode: 'unsupported_media_type' },
  SY_ERR_RATE_LIMITED: { status: 429, type: 'rate_limit_error', apiCode: 'rate_limit_exceeded' },
  SY_ERR_BUDGET_EXCEEDED: { status: 429, type: 'rate_limit_error', apiCode: 'budget_exceeded' },
  SY_ERR_TOO_MANY_FAILED_ATTEMPTS: { status: 429, type: 'rate_limit_error', apiCode: 'too_many_failed_attempts' },
  SY_ERR_CLIENT_CLOSED: { status: 499, type: 'invalid_request_error', apiCode: 'client_closed_request' },
  SY_ERR_INTERNAL: { status: 500, type: 'server_error', apiCode: 'internal_error' },
  SY_ERR_UPSTREAM: { status: 502, type: 'upstream_error', apiCode: 'upstream_error' },
  SY_ERR_UPSTREAM_PROTOCOL: { status: 502, type: 'upstream_error', apiCode: 'upstream_bad_response' },
  SY_ERR_UPSTREAM_CONNECTION: { status: 502, type: 'upstream_error', apiCode: 'upstream_unreachable' },
  /** A 2xx answer that is not what was asked for: an error body, an HTML page, undecodable bytes, no event. */
  SY_ERR_UPSTREAM_INVALID_RESPONSE: { status: 502, type: 'upstream_error', apiCode: 'upstream_invalid_response' },
  SY_ERR_NO_HEALTHY_TARGET: { status: 503, type: 'service_unavailable', apiCode: 'no_healthy_upstream' },
  SY_ERR_SHUTTING_DOWN: { status: 503, type: 'service_unavailable', apiCode: 'shutting_down' },
  SY_ERR_STORE_UNAVAILABLE: { status: 503, type: 'service_unavailable', apiCode: 'store_unavailable' },
  SY_ERR_UPSTREAM_TIMEOUT: { status: 504, type: 'timeout_error', apiCode: 'upstream_timeout' },
  SY_ERR_CONFIG: { status: 500, type: 'configuration_error', apiCode: 'invalid_config' },
  SY_ERR_PLUGIN_DUPLICATE: { status: 500, type: 'configuration_error', apiCode: 'plugin_duplicate' },
  SY_ERR_PLUGIN_DEPENDENCY: { status: 500, type: 'configuration_error', apiCode: 'plugin_missing_dependency' },
  SY_ERR_PLUGIN_CORE_VERSION: { status: 500, type: 'configuration_error', apiCode: 'plugin_incompatible_core' },
  SY_ERR_PLUGIN_CONFIG: { status: 500, type: 'configuration_error', apiCode: 'plugin_invalid_config' },
  SY_ERR_PLUGIN_INVALID: { status: 500, type: 'configuration_error', apiCode: 'plugin_invalid' },
  SY_ERR_PROVIDER_UNKNOWN: { status: 500, type: 'configuration_error', apiCode: 'provider_unknown' },
  SY_ERR_HOOKS_SEALED: { status: 500, type: 'configuration_error', apiCode: 'hooks_sealed' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface SwitchyardErrorOptions {
  cause?: unknown;
  /** Overrides the catalog status (e.g. an upstream 4xx passed through as-is). */
  status?: number;
  /** Overrides the catalog apiCode (e.g. an upstream's own code). */
  apiCode?: string;
  /** Seconds the client should wait (429/503). */
  retryAfter?: number;
  /** The parameter at fault, for 400s. */
  param?: string | null;
  provider?: string;
  upstreamStatus?: number;
  /** The upstream body, kept for diagnostics; never put in a client response. */
  upstreamBody?: unknown;
  retryable?: boolean;
  /** Another target may succeed where this one cannot (see UpstreamErrorInfo.fallback). */
  fallback?: boolean;
  headers?: Record<string, string>;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: ErrorType;
  readonly apiCode: string;
  readonly param: string | null;
  readonly retryAfter: number | undefined;
  readonly provider: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly upstreamBody: unknown;
  readonly retryable: boolean;
  readonly fallback: boolean;
  readonly headers: Record<string, string> | undefined;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const entry: CatalogEntry = ERROR_CATALOG[code];
    this.name = 'SwitchyardError';
    this.code = code;
    this.status = options.status ?? entry.status;
    this.type = entry.type;
    this.apiCode = options.apiCode ?? entry.apiCode;
    this.param = options.param ?? null;
    this.retryAfter = options.retryAfter;
    this.provider = options.provider;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamBody = options.upstreamBody;
    this.retryable = options.retryable ?? false;
    this.fallback = options.fallback ?? false;
    this.headers = options.headers;
  }

  static isInstance(value: unknown): value is SwitchyardError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The OpenAI error body. Never includes stacks, causes or upstream bodies. */
  toJSON(): { error: { message: string; type: string; code: string; param: string | null } } {
    return { error: { message: this.message, type: this.type, code: this.apiCode, param: this.param } };
  }
}

export function syError(code: ErrorCode, message: string, options?: SwitchyardErrorOptions): SwitchyardError {
  return new SwitchyardError(code, message, options);
}

/** Maps any thrown value to a SwitchyardError at the boundary; foreign errors become SY_ERR_INTERNAL. */
export function toSwitchyardError(err: unknown): SwitchyardError {
  if (SwitchyardError.isInstance(err)) return err;
  return new SwitchyardError('SY_ERR_INTERNAL', 'Internal gateway error', { cause: err });
}
