/**
 * @module Mapping placeholders back to the values they stand for (`restore` mode), in plain text
 * and inside JSON (tool-call arguments, where a value must be JSON-escaped to keep the JSON valid).
 * Only this request's placeholders are restored: anything else shaped like one is left alone.
 */

const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;

export type Restorer = (text: string) => string;

export function restorer(map: ReadonlyMap<string, string>, escapeForJson = false): Restorer {
  return (text) => {
    if (text.indexOf('<') === -1) return text;
    return text.replace(PLACEHOLDER, (p) => {
      const value = map.get(p);
      if (value === undefined) return p;
      return escapeForJson ? JSON.stringify(value).slice(1, -1) : value;
    });
  };
}

/**
 * How many characters at the end of `text` could be the start of one of `placeholders` and so must
 * be held back until the next piece arrives: 0 when none. Placeholders contain no `<` after the
 * first character, so only the last `<` can start one.
 */
export function heldBack(text: string, placeholders: readonly string[], longest: number): number {
  const at = text.lastIndexOf('<');
  if (at === -1 || text.length - at >= longest) return 0;
  const tail = text.slice(at);
  for (const p of placeholders) if (p.length > tail.length && p.startsWith(tail)) return tail.length;
  return 0;
}
