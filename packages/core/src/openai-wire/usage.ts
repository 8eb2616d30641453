/** @module Upstream usage objects -> canonical Usage. */
import type { Usage } from '../schema/usage.js';
import type { WireUsage } from './wire-types.js';

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/**
 * Returns undefined unless the object carries token counts. Extra vendor fields pass through;
 * `null` detail objects (vLLM sends them) are dropped so readers can rely on "object or absent".
 */
export function normalizeUsage(u: WireUsage | null | undefined): Usage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  if (typeof u.prompt_tokens !== 'number' && typeof u.completion_tokens !== 'number') return undefined;
  const prompt = count(u.prompt_tokens);
  const completion = count(u.completion_tokens);
  const out: Usage = { ...(u as Record<string, unknown>), prompt_tokens: prompt, completion_tokens: completion, total_tokens: 0 } as Usage;
  out.total_tokens = typeof u.total_tokens === 'number' && u.total_tokens > 0 ? Math.floor(u.total_tokens) : prompt + completion;
  if (!u.prompt_tokens_details || typeof u.prompt_tokens_details !== 'object') delete out.prompt_tokens_details;
  if (!u.completion_tokens_details || typeof u.completion_tokens_details !== 'object') delete out.completion_tokens_details;
  return out;
}
