/** @module Tool-call normalization shared by whole responses and stream deltas. */

/** Some servers (Ollama, older llama.cpp) send `arguments` as an object; the canonical form is a JSON string. */
export function argumentsText(args: unknown): string {
  if (typeof args === 'string') return args;
  if (args === null || args === undefined) return '';
  return JSON.stringify(args);
}

/**
 * A stable id for a call the upstream sent without one: unique within the response, and the same
 * every time the response is read, so a cached or replayed response keeps matching its tool results.
 */
export function fallbackToolCallId(responseId: string, choice: number, index: number): string {
  const tail = responseId ? responseId.slice(-12).replace(/[^A-Za-z0-9]/g, '') : 'x';
  return `call_${tail}_${choice}_${index}`;
}
