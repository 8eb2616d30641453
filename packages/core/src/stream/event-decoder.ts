/** @module Bytes -> events: SSE via eventsource-parser (handles \n, \r\n and \r framing) or NDJSON lines. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { SseEvent } from '../provider.js';

export interface EventDecoder {
  /** Feeds bytes; returns the events completed by them (the array is reused: copy to keep). */
  push(chunk: Uint8Array): SseEvent[];
  /** Flushes a trailing event without a final blank line. */
  end(): SseEvent[];
}

export function createSseDecoder(): EventDecoder {
  const text = new TextDecoder();
  let out: SseEvent[] = [];
  const parser = createParser({
    onEvent(msg: EventSourceMessage) {
      out.push({ event: msg.event, data: msg.data, id: msg.id });
    },
  });
  return {
    push(chunk) {
      out = [];
      parser.feed(text.decode(chunk, { stream: true }));
      return out;
    },
    end() {
      out = [];
      parser.feed('\n\n');
      return out;
    },
  };
}

export function createNdjsonDecoder(): EventDecoder {
  const text = new TextDecoder();
  let rest = '';
  const lines = (final: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      const line = rest.slice(0, nl).trim();
      if (line) out.push({ data: line });
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
    if (final && rest.trim()) {
      out.push({ data: rest.trim() });
      rest = '';
    }
    return out;
  };
  return {
    push(chunk) {
      rest += text.decode(chunk, { stream: true });
      return lines(false);
    },
    end() {
      return lines(true);
    },
  };
}
