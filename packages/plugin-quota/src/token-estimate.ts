/**
 * @module What a request may consume, known before the call: its input counted with the o200k
 * tokenizer (as core estimates usage) and its output cap (`max_completion_tokens`, `max_tokens`, else
 * the configured default), times `n` choices.
 */
import { type ChatRequest, type EmbeddingsRequest, estimateUsage, type GatewayRequest, loadTokenCounter } from '@switchyard/core';

function isChat(req: GatewayRequest): req is ChatRequest {
  return Array.isArray((req as ChatRequest).messages);
}

export async function estimateInputTokens(req: GatewayRequest): Promise<number> {
  if (isChat(req)) return (await estimateUsage(req, '')).prompt_tokens;
  const input = (req as EmbeddingsRequest).input;
  if (typeof input === 'string') return (await loadTokenCounter())(input);
  let total = 0;
  let count: ((s: string) => number) | undefined;
  for (const item of input) {
    if (typeof item === 'number') total += 1;
    else if (Array.isArray(item)) total += item.length;
    else {
      count ??= await loadTokenCounter();
      total += count(item);
    }
  }
  return total;
}

/** The request's own output cap, if it sets one. */
export function requestedOutputCap(req: GatewayRequest): number | undefined {
  if (!isChat(req)) return undefined;
  return req.max_completion_tokens ?? req.max_tokens ?? undefined;
}

export function outputReservation(req: GatewayRequest, defaultOutputTokens: number): number {
  if (!isChat(req)) return 0;
  return (requestedOutputCap(req) ?? defaultOutputTokens) * (req.n ?? 1);
}
