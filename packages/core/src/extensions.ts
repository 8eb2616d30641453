/**
 * @module Framework-free extension points plugins use beyond hooks: HTTP routes the host mounts
 * (e.g. `/admin/usage`), an admin authorizer, and CLI commands (`switchyard usage`).
 */

export interface RouteRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string | undefined>;
  params: Record<string, string>;
  /** Lower-cased request headers. */
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings as-is (set a content-type header). */
  body: unknown;
}

export interface GatewayRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** fastify-style path, e.g. `/admin/keys/:id`. */
  path: string;
  /** `admin`: the host refuses the request unless the admin authorizer accepts it. */
  access: 'admin' | 'public';
  handler(req: RouteRequest): Promise<RouteResponse> | RouteResponse;
}

/** Decides whether a request may use admin routes (e.g. plugin-auth's admin key check). */
export type AdminAuthorizer = (headers: Record<string, string | string[] | undefined>) => boolean | Promise<boolean>;

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface GatewayCommand {
  /** First CLI word: `switchyard <name> ...`. */
  name: string;
  summary: string;
  /** Runs with the rest of argv; resolves with the exit code. The gateway is ready and closed after. */
  run(argv: string[], io: CommandIO): Promise<number>;
}
