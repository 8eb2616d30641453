/** @module Allowed-model lists: exact names and `*` globs (`gpt-*`, `openai/*`), compiled once per key. */

export type ModelMatcher = (model: string) => boolean;

const allowAll: ModelMatcher = () => true;

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** An empty list allows every model. */
export function compileModelMatcher(patterns: readonly string[]): ModelMatcher {
  if (patterns.length === 0 || patterns.includes('*')) return allowAll;
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns.filter((p) => p.includes('*')).map(globToRegExp);
  if (globs.length === 0) return (model) => exact.has(model);
  return (model) => exact.has(model) || globs.some((re) => re.test(model));
}
