/** @module Mistral-specific edits of a parsed non-streaming chat response. */
import type { ChatResponse } from '@switchyard/core';
import { splitContentChunks } from './mistral-content-chunks.js';

/**
 * The base reads only string `content`; Mistral's chunk lists become `content` plus
 * `reasoning_content`. Tool calls lose the `index` Mistral puts on them and the message its request-only
 * `prefix` flag, so a replayed message is valid for other providers; the random `p` padding Mistral
 * adds against length side channels is not passed on.
 */
export function fromMistralResponse(res: ChatResponse, raw: unknown): ChatResponse {
  if ('p' in res) delete res.p;
  const rawChoices = (raw as { choices?: unknown[] }).choices ?? [];
  res.choices.forEach((choice, i) => {
    const message = choice.message;
    if ('prefix' in message) delete message.prefix;
    const content = (rawChoices[i] as { message?: { content?: unknown } } | undefined)?.message?.content;
    if (Array.isArray(content)) {
      const { text, reasoning } = splitContentChunks(content);
      message.content = text === '' && message.tool_calls ? null : text;
      if (reasoning) message.reasoning_content = reasoning;
    }
    if (message.tool_calls) {
      message.tool_calls = message.tool_calls.map((tc) => {
        if (!('index' in tc)) return tc;
        const { index: _index, ...rest } = tc;
        return rest as typeof tc;
      });
    }
  });
  return res;
}
