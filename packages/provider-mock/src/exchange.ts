/** @module One rendered mock answer, shared by the in-process transport and the HTTP handler. */

export interface MockExchange {
  status: number;
  headers: Record<string, string>;
  /** Delay before the response headers. */
  latencyMs: number;
  /** Body pieces in order: one for JSON, one per SSE event for streams. */
  frames: string[];
  /** Delay between frames. */
  chunkDelayMs: number;
  /** Close the connection abruptly after the last frame instead of ending the response. */
  drop: boolean;
  /** The whole body, built on first use and kept (cached exchanges are served many times). */
  whole: Buffer | undefined;
}

export function wholeBody(ex: MockExchange): Buffer {
  ex.whole ??= Buffer.from(ex.frames.length === 1 ? (ex.frames[0] as string) : ex.frames.join(''));
  return ex.whole;
}

export function jsonExchange(status: number, body: string, headers: Record<string, string> = {}, latencyMs = 0): MockExchange {
  return {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    latencyMs,
    frames: [body],
    chunkDelayMs: 0,
    drop: false,
    whole: undefined,
  };
}
