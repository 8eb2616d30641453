/** @module Folds stream parts into a complete ChatResponse (for audit, cache store), when a plugin asks. */
import type { AssistantMessage, ChatResponse } from '../schema/chat-response.js';
import type { StreamPart } from '../schema/stream-part.js';

export class StreamAssembler {
  private readonly res: ChatResponse;

  constructor(id: string, model: string, created: number) {
    this.res = { id, object: 'chat.completion', created, model, choices: [] };
  }

  private message(choice: number): AssistantMessage {
    let c = this.res.choices.find((x) => x.index === choice);
    if (!c) {
      c = { index: choice, message: { role: 'assistant', content: null }, finish_reason: null };
      this.res.choices.push(c);
    }
    return c.message;
  }

  add(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        this.res.id = part.id || this.res.id;
        this.res.model = part.model || this.res.model;
        break;
      case 'text': {
        const m = this.message(part.choice);
        m.content = (m.content ?? '') + part.delta;
        break;
      }
      case 'reasoning': {
        const m = this.message(part.choice);
        m.reasoning_content = (m.reasoning_content ?? '') + part.delta;
        break;
      }
      case 'tool-call': {
        const m = this.message(part.choice);
        m.tool_calls ??= [];
        let call = m.tool_calls[part.index];
        if (!call) {
          call = { id: part.id ?? '', type: 'function', function: { name: part.name ?? '', arguments: '' } };
          m.tool_calls[part.index] = call;
        }
        if (part.id) call.id = part.id;
        if (part.name) call.function.name = part.name;
        if (part.extra) Object.assign(call, part.extra);
        call.function.arguments += part.arguments;
        break;
      }
      case 'finish': {
        this.message(part.choice);
        const c = this.res.choices.find((x) => x.index === part.choice);
        if (c) c.finish_reason = part.reason;
        break;
      }
      case 'usage':
        this.res.usage = part.usage;
        break;
      case 'error':
      case 'raw':
        break;
    }
  }

  result(): ChatResponse {
    this.res.choices.sort((a, b) => a.index - b.index);
    return this.res;
  }
}
