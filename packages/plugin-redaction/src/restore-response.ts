/** @module `restore` for whole (non-stream) responses: placeholders in content, reasoning, refusals and tool-call arguments. */
import type { AssistantMessage, ChatChoice, ChatResponse } from '@switchyard/core';
import { type Restorer, restorer } from './restore-text.js';

function restoreMessage(m: AssistantMessage, text: Restorer, json: Restorer): AssistantMessage {
  let next: AssistantMessage | undefined;
  const set = <K extends keyof AssistantMessage>(key: K, value: AssistantMessage[K]) => {
    next ??= { ...m };
    next[key] = value;
  };
  for (const key of ['content', 'reasoning_content', 'refusal'] as const) {
    const value = m[key];
    if (typeof value !== 'string') continue;
    const restored = text(value);
    if (restored !== value) set(key, restored);
  }
  if (m.tool_calls) {
    const calls = m.tool_calls.map((c) => {
      const args = json(c.function.arguments);
      return args === c.function.arguments ? c : { ...c, function: { ...c.function, arguments: args } };
    });
    if (calls.some((c, i) => c !== m.tool_calls?.[i])) set('tool_calls', calls);
  }
  return next ?? m;
}

/** The response with this request's placeholders mapped back; a new object (a cached one is never modified). */
export function restoreResponse(res: ChatResponse, map: ReadonlyMap<string, string>): ChatResponse {
  const text = restorer(map);
  const json = restorer(map, true);
  let choices: ChatChoice[] | undefined;
  res.choices.forEach((c, i) => {
    const message = restoreMessage(c.message, text, json);
    if (message === c.message) return;
    choices ??= res.choices.slice();
    choices[i] = { ...c, message };
  });
  return choices ? { ...res, choices } : res;
}
