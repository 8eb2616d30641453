/** @module Per-stream state of the OpenAI chunk translator: one object per stream, every field set here. */
import type { Usage } from '../schema/usage.js';

/** Where one upstream tool call landed in the canonical stream. */
export interface ToolSlot {
  id: string;
  /** The canonical `index` (upstream indexes are remapped when a server reuses them). */
  index: number;
}

/** Tool-call bookkeeping for one choice. */
export class ChoiceTools {
  readonly byUpstreamIndex = new Map<number, ToolSlot>();
  next = 0;
  last: ToolSlot | undefined = undefined;
}

export class OpenAIStreamState {
  /** The provider's name in config, for error messages. */
  readonly provider: string;
  /** The upstream model asked for; used when chunks omit `model`. */
  readonly model: string;
  /** Option values scrubbed from error messages. */
  readonly secrets: readonly string[];
  started = false;
  /** Set after `[DONE]` or an error: later events are ignored. */
  ended = false;
  responseId = '';
  /** Usage seen on a content chunk, held until the stream ends so exactly one usage part is sent. */
  pendingUsage: Usage | undefined = undefined;
  usageSent = false;
  /** Per choice; allocated on the first tool call only. */
  tools: Map<number, ChoiceTools> | undefined = undefined;
  /** Free slot for a provider's `onStreamChunk` hook. */
  readonly hook: Record<string, unknown> = {};

  constructor(provider: string, model: string, secrets: readonly string[]) {
    this.provider = provider;
    this.model = model;
    this.secrets = secrets;
  }

  choiceTools(choice: number): ChoiceTools {
    this.tools ??= new Map();
    let t = this.tools.get(choice);
    if (!t) {
      t = new ChoiceTools();
      this.tools.set(choice, t);
    }
    return t;
  }
}
