/** @module Turns zod issues into one precise message that names the key path. */
import type { ZodError } from 'zod';

function pathString(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '(root)';
}

/** "messages[0].role: Invalid input; model: Required" — at most 5 issues. */
export function formatZodError(error: ZodError, base = ''): string {
  const issues = error.issues.slice(0, 5).map((i) => `${pathString(base, i.path)}: ${i.message}`);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return issues.join('; ') + more;
}

/** The first issue's path, for the OpenAI `param` field. */
export function firstParam(error: ZodError): string | null {
  const first = error.issues[0];
  return first && first.path.length > 0 ? pathString('', first.path) : null;
}
