import { describe, expect, it } from 'vitest';
import { createFastSseDecoder, createSseDecoder, type EventDecoder } from '../src/index.js';

function decodeAll(make: () => EventDecoder, text: string, piece: number) {
  const d = make();
  const bytes = Buffer.from(text, 'utf8');
  const out = [];
  for (let i = 0; i < bytes.length; i += piece) out.push(...d.push(bytes.subarray(i, i + piece)).map((e) => ({ ...e })));
  out.push(...d.end().map((e) => ({ ...e })));
  return out.map((e) => ({ data: e.data, event: e.event ?? undefined, id: e.id ?? undefined }));
}

const streams: Record<string, string> = {
  openai: 'data: {"a":1}\n\ndata: {"b":"é ✓ 雪"}\n\ndata: {"choices":[],"usage":{"total_tokens":3}}\n\ndata: [DONE]\n\n',
  comments: ': keep-alive\n\ndata: {"a":1}\n\n: ping\ndata: {"b":2}\n\n',
  fields: 'event: error\ndata: {"error":{"message":"x"}}\n\nid: 7\ndata: {"c":3}\n\n',
  multiline: 'data: line one\ndata: line two\n\ndata: {"d":4}\n\n',
  crlf: 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n',
  unterminated: 'data: {"a":1}\n\ndata: {"tail":true}',
  nospace: 'data:{"a":1}\n\n',
};

describe('fast SSE decoder', () => {
  for (const [name, text] of Object.entries(streams)) {
    it(`matches the full parser on ${name} streams, at every piece size`, () => {
      const expected = decodeAll(createSseDecoder, text, 1 << 20);
      expect(expected.length).toBeGreaterThan(0);
      for (const piece of [1, 2, 3, 5, 7, 13, 64, 1 << 20]) {
        expect(decodeAll(createFastSseDecoder, text, piece)).toEqual(expected);
      }
    });
  }
});
