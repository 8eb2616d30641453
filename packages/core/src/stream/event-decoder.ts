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

/**
 * The pass-through fast path for OpenAI-style streams, which frame every event as one
 * `data: ...` line and a blank line: such events are sliced out of the text directly. Anything else
 * (comments, `event:`/`id:` fields, multi-line data, CR framing) goes to the full parser above, so
 * the result is the same; the fast path only skips its per-line work on the common case.
 */
export function createFastSseDecoder(): EventDecoder {
  const text = new TextDecoder();
  const full = createSseDecoder();
  const encoder = new TextEncoder();
  let rest = '';
  let slow = false;
  return {
    push(chunk) {
      if (slow) return full.push(chunk);
      const s = rest ? rest + text.decode(chunk, { stream: true }) : text.decode(chunk, { stream: true });
      if (s.includes('\r')) {
        // CR or CRLF framing: hand this stream to the full parser from here on.
        slow = true;
        rest = '';
        return full.push(encoder.encode(s)).slice();
      }
      const out: SseEvent[] = [];
      let start = 0;
      for (let end = s.indexOf('\n\n', start); end !== -1; end = s.indexOf('\n\n', start)) {
        if (s.startsWith('data: ', start) && s.indexOf('\n', start) === end) {
          out.push({ data: s.slice(start + 6, end) });
        } else {
          for (const evt of full.push(encoder.encode(s.slice(start, end + 2)))) out.push(evt);
        }
        start = end + 2;
      }
      rest = start === 0 ? s : s.slice(start);
      return out;
    },
    end() {
      if (slow) return full.end();
      const tail = rest;
      rest = '';
      return tail ? full.push(encoder.encode(`${tail}\n\n`)).slice() : [];
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
