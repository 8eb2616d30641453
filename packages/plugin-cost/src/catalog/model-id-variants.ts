/**
 * @module Candidate ids for a model name as upstreams report it: the name itself, then the name with
 * a vendor prefix or a snapshot suffix removed (dates, versions, `-latest`). Only these known shapes
 * are stripped, never arbitrary tails, so `gpt-5.4-pro` can never be priced as `gpt-5.4`.
 */

const PREFIXES: readonly RegExp[] = [
  /^models\//, // Gemini: `models/gemini-2.5-pro`
  /^(?:[a-z]{2,6}\.)?anthropic\./, // Bedrock: `us.anthropic.claude-...`
];

const SUFFIXES: readonly RegExp[] = [
  /-v\d+(?::\d+)?$/, // Bedrock: `-v1:0`
  /@\d{8}$/, // Vertex: `claude-sonnet-4-5@20250929`
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI: `gpt-4.1-2025-04-14`
  /-\d{8}$/, // Anthropic: `claude-sonnet-4-5-20250929`
  /-preview-\d{2}-\d{2}(?:\d{2})?$/, // Gemini: `gemini-2.5-flash-preview-09-2025`
  /-latest$/,
  /-\d{3}$/, // Gemini: `gemini-2.0-flash-001`
  /-\d{4}$/, // Mistral: `codestral-2508`
];

/** Anthropic ids written with dots (`claude-sonnet-4.5`) are the dashed catalog ids. */
const DOTTED_CLAUDE = /^(claude-[a-z]+-)(\d+)\.(\d+)/;

/** The name first, then each successively stripped form; no duplicates. */
export function modelIdVariants(model: string): string[] {
  const out: string[] = [model];
  let id = model;
  for (const re of PREFIXES) id = id.replace(re, '');
  id = id.replace(DOTTED_CLAUDE, '$1$2-$3');
  if (id !== model) out.push(id);
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of SUFFIXES) {
      const next = id.replace(re, '');
      if (next !== id && next.length > 0) {
        id = next;
        out.push(id);
        changed = true;
        break;
      }
    }
  }
  return out;
}
