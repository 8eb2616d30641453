/** @module Error bodies of self-hosted servers, on top of the base reading. */
import type { UpstreamErrorInfo } from '@switchyard/core';

/**
 * The base already reads `{"error":{...}}` (Ollama, llama.cpp, LM Studio), `{"error":"..."}` (TGI, LM
 * Studio), `{"object":"error","message"}` (vLLM), `{"detail"}` and plain text. This adds a useful
 * code where the base finds only a number (vLLM's and llama.cpp's `"code": 400`) or none (TGI's `error_type`), and
 * sends a 404 to the next target: on a self-hosted server it means the model is not pulled or loaded.
 */
export function mapSelfHostedError(
  status: number,
  body: unknown,
  _headers: Record<string, string | string[] | undefined>,
  base: UpstreamErrorInfo,
): UpstreamErrorInfo {
  const out: UpstreamErrorInfo = status === 404 ? { ...base, fallback: true } : { ...base };
  if (!body || typeof body !== 'object') return out;
  const b = body as Record<string, unknown>;
  if (typeof b.error_type === 'string' && b.error_type) {
    out.code = b.error_type;
    return out;
  }
  const inner = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : b;
  if (typeof inner.type === 'string' && inner.type && (out.code === undefined || /^\d+$/.test(out.code))) out.code = inner.type;
  return out;
}
