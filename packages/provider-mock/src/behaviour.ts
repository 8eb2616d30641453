/**
 * @module How the mock answers one model name: global options, then the model's script, then the
 * directives in the name. Names are `+`-separated segments; a segment that names a script selects it,
 * a directive segment applies, anything else is ignored (so `gpt-4o` simply echoes).
 *
 * | segment | effect |
 * |---|---|
 * | `echo` | reply with the last user message (or trailing tool results); the default |
 * | `lorem-<n>` | reply with n deterministic filler words |
 * | `tools` | call the first offered tool (or the forced one) whenever tools are offered |
 * | `think` | stream `reasoning_content` before the reply |
 * | `chunks-<n>` | n content chunks per streamed reply (default: one per word) |
 * | `delay-<ms>` | delay between streamed chunks |
 * | `slow-<ms>` | delay before response headers |
 * | `fail-<status>` | answer with that status and an OpenAI error body |
 * | `flaky-<n>` | only the first n requests fail (with `fail-<status>`, default 503) |
 * | `retry-after-<ms>` | `retry-after-ms` / `retry-after` on failures (default 1000 for 429) |
 * | `plain` | failures have a plain-text body |
 * | `drop-after-<n>` | drop the connection after n streamed content chunks |
 * | `error-after-<n>` | send an in-stream error event after n content chunks |
 * | `no-usage` | never report usage (servers that ignore `include_usage`) |
 */
import type { MockFailure, MockModelScript, MockOptions } from './options.js';

export interface MockBehaviour {
  script: MockModelScript | undefined;
  /** Filler words instead of echo; 0 = off. */
  lorem: number;
  tools: boolean;
  think: boolean;
  chunks: number | undefined;
  chunkDelayMs: number;
  latencyMs: number;
  dropAfter: number | undefined;
  errorAfter: number | undefined;
  fail: MockFailure | undefined;
  usage: boolean;
}

const DIRECTIVE = /^(lorem|chunks|delay|slow|fail|flaky|retry-after|drop-after|error-after)-(\d+)$/;

export function resolveBehaviour(model: string, options: MockOptions): MockBehaviour {
  const own = options.models[model];
  const b: MockBehaviour = {
    script: undefined,
    lorem: 0,
    tools: false,
    think: false,
    chunks: options.chunks,
    chunkDelayMs: options.chunkDelayMs,
    latencyMs: options.latencyMs,
    dropAfter: undefined,
    errorAfter: undefined,
    fail: undefined,
    usage: true,
  };
  const applyScript = (s: MockModelScript) => {
    b.script = s;
    if (s.chunks !== undefined) b.chunks = s.chunks;
    if (s.chunkDelayMs !== undefined) b.chunkDelayMs = s.chunkDelayMs;
    if (s.latencyMs !== undefined) b.latencyMs = s.latencyMs;
    if (s.dropAfter !== undefined) b.dropAfter = s.dropAfter;
    if (s.errorAfter !== undefined) b.errorAfter = s.errorAfter;
    if (s.fail) b.fail = { ...s.fail };
  };
  if (own) {
    applyScript(own);
    return b;
  }
  let status: number | undefined;
  let times: number | undefined;
  let retryAfterMs: number | undefined;
  let plain = false;
  for (const seg of model.split('+')) {
    const script = options.models[seg];
    if (script) {
      applyScript(script);
      continue;
    }
    if (seg === 'tools') b.tools = true;
    else if (seg === 'think') b.think = true;
    else if (seg === 'plain') plain = true;
    else if (seg === 'no-usage') b.usage = false;
    const m = DIRECTIVE.exec(seg);
    if (!m) continue;
    const n = Number(m[2]);
    switch (m[1]) {
      case 'lorem':
        b.lorem = n;
        break;
      case 'chunks':
        if (n > 0) b.chunks = n;
        break;
      case 'delay':
        b.chunkDelayMs = n;
        break;
      case 'slow':
        b.latencyMs = n;
        break;
      case 'fail':
        if (n >= 400 && n <= 599) status = n;
        break;
      case 'flaky':
        times = n;
        break;
      case 'retry-after':
        retryAfterMs = n;
        break;
      case 'drop-after':
        b.dropAfter = n;
        break;
      case 'error-after':
        b.errorAfter = n;
        break;
    }
  }
  if (status !== undefined || times !== undefined) {
    b.fail = { ...b.fail, status: status ?? b.fail?.status ?? 503 };
    if (times !== undefined) b.fail.times = times;
  }
  if (b.fail) {
    if (retryAfterMs !== undefined) b.fail.retryAfterMs = retryAfterMs;
    if (plain) b.fail.plain = true;
  }
  return b;
}
