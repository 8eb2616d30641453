/**
 * @module `restore` for streams: a synchronous StreamTransformer that maps placeholders back in
 * text, reasoning and tool-call argument deltas as they pass. A placeholder may arrive split across
 * chunks at any position, so each channel (choice x text / reasoning / tool call) holds back only
 * the tail that could still become one of this request's placeholders: never more than the longest
 * placeholder minus one character, released with the next piece, before the choice's finish, or at
 * the end of the stream. Everything else passes through unchanged and unbuffered.
 */
import type { StreamPart, StreamTransformer } from '@switchyard/core';
import { heldBack, type Restorer, restorer } from './restore-text.js';

type Channel = 'text' | 'reasoning' | 'tool-call';

interface Held {
  channel: Channel;
  choice: number;
  index: number;
  text: string;
}

function partOf(h: Held, text: string): StreamPart {
  if (h.channel === 'tool-call') return { type: 'tool-call', choice: h.choice, index: h.index, arguments: text };
  return { type: h.channel, choice: h.choice, delta: text };
}

export function streamRestorer(map: ReadonlyMap<string, string>): StreamTransformer {
  const placeholders = [...map.keys()];
  const longest = placeholders.reduce((n, p) => Math.max(n, p.length), 0);
  const plain = restorer(map);
  const json = restorer(map, true);
  const held = new Map<string, Held>();

  /** The piece to emit now for this channel (may be ''), holding back a possible placeholder start. */
  const pass = (channel: Channel, choice: number, index: number, piece: string, restore: Restorer): string => {
    const key = `${channel}:${choice}:${index}`;
    const h = held.get(key);
    const text = h ? h.text + piece : piece;
    const keep = heldBack(text, placeholders, longest);
    if (keep > 0) {
      if (h) h.text = text.slice(text.length - keep);
      else held.set(key, { channel, choice, index, text: text.slice(text.length - keep) });
    } else if (h) held.delete(key);
    return restore(keep > 0 ? text.slice(0, text.length - keep) : text);
  };

  /** Releases what a choice (or, without one, every choice) still holds: it can no longer become a placeholder. */
  const release = (choice?: number): StreamPart[] => {
    const out: StreamPart[] = [];
    for (const [key, h] of held) {
      if (choice !== undefined && h.choice !== choice) continue;
      held.delete(key);
      out.push(partOf(h, h.channel === 'tool-call' ? json(h.text) : plain(h.text)));
    }
    return out;
  };

  return {
    name: 'redaction-restore',
    transform(part) {
      switch (part.type) {
        case 'text':
        case 'reasoning': {
          const delta = pass(part.type, part.choice, 0, part.delta, plain);
          if (delta === part.delta) return part;
          return delta === '' ? null : { ...part, delta };
        }
        case 'tool-call': {
          const args = pass('tool-call', part.choice, part.index, part.arguments, json);
          if (args === part.arguments) return part;
          // The first part of a call carries its id and name: it goes out even with no arguments yet.
          if (args === '' && part.id === undefined && part.name === undefined && part.extra === undefined) return null;
          return { ...part, arguments: args };
        }
        case 'finish': {
          if (held.size === 0) return part;
          const out = release(part.choice);
          out.push(part);
          return out;
        }
        case 'error': {
          if (held.size === 0) return part;
          const out = release();
          out.push(part);
          return out;
        }
        default:
          return part;
      }
    },
    flush() {
      return release();
    },
  };
}
