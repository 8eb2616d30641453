/**
 * @module The mock engine: request bytes in, a rendered OpenAI answer out. Routes by path suffix
 * (`/chat/completions`, `/embeddings`, `/models`), so `/v1/...` and Azure-style
 * `/openai/deployments/<d>/...` paths both work. Successful answers to identical request bodies are
 * cached briefly, which keeps the engine cheap as a benchmark upstream.
 */
import { encodeEmbeddingBase64 } from '@switchyard/core';
import { type MockBehaviour, resolveBehaviour } from './behaviour.js';
import { jsonExchange, type MockExchange } from './exchange.js';
import { hashId } from './hash.js';
import { embedText } from './ngram-embedding.js';
import type { MockOptions } from './options.js';
import { type MockChatBody, planReply } from './reply.js';
import { chatCompletionFrames, chatCompletionJson, streamExchange } from './wire-chat.js';
import { errorExchange, failureExchange } from './wire-errors.js';
import { countWords } from './words.js';

export type MockHeaders = Record<string, string | string[] | undefined>;

export interface MockEngine {
  readonly options: MockOptions;
  /** Answers one request. `headers` must have lower-case names (as node:http gives them). */
  handle(method: string, path: string, body: string, headers: MockHeaders): MockExchange;
}

const CACHE_MAX = 256;
const CACHE_TTL_MS = 1000;
const CACHE_BODY_MAX = 64 * 1024;
const BEHAVIOURS_MAX = 1024;

function header(headers: MockHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Embedding inputs as text with their token counts; token arrays count one token per number. */
function embeddingInputs(raw: unknown): { text: string; tokens: number }[] | undefined {
  if (typeof raw === 'string') return [{ text: raw, tokens: countWords(raw) }];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  if (raw.every((x) => typeof x === 'number')) return [{ text: raw.join(' '), tokens: raw.length }];
  const out: { text: string; tokens: number }[] = [];
  for (const item of raw) {
    if (typeof item === 'string') out.push({ text: item, tokens: countWords(item) });
    else if (Array.isArray(item)) out.push({ text: item.join(' '), tokens: item.length });
    else return undefined;
  }
  return out;
}

const BAD_JSON = 'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.';

export function createMockEngine(options: MockOptions): MockEngine {
  const behaviours = new Map<string, MockBehaviour>();
  const failures = new Map<string, number>();
  const cache = new Map<string, { at: number; ex: MockExchange }>();

  const behaviourOf = (model: string): MockBehaviour => {
    let b = behaviours.get(model);
    if (!b) {
      if (behaviours.size >= BEHAVIOURS_MAX) behaviours.clear();
      b = resolveBehaviour(model, options);
      behaviours.set(model, b);
    }
    return b;
  };

  /** A failure answer when the model is set to fail now; counts `times` per model name. */
  const failure = (model: string, b: MockBehaviour): MockExchange | undefined => {
    const f = b.fail;
    if (!f) return undefined;
    if (f.times !== undefined) {
      const seen = failures.get(model) ?? 0;
      failures.set(model, seen + 1);
      if (seen >= f.times) return undefined;
    }
    return failureExchange(f, model, b.latencyMs);
  };

  const authorized = (headers: MockHeaders): boolean => {
    if (!options.apiKey) return true;
    return header(headers, 'authorization') === `Bearer ${options.apiKey}` || header(headers, 'api-key') === options.apiKey;
  };

  const chat = (body: string): { ex: MockExchange; cacheable: boolean } => {
    const req = parseJson(body);
    if (!req) return { ex: errorExchange(400, BAD_JSON), cacheable: false };
    if (typeof req.model !== 'string' || !req.model)
      return { ex: errorExchange(400, 'You must provide a model parameter.', 'model'), cacheable: false };
    if (!Array.isArray(req.messages) || req.messages.length === 0) {
      return {
        ex: errorExchange(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages', 'empty_array'),
        cacheable: false,
      };
    }
    if (!req.messages.every((m) => m && typeof m === 'object' && typeof m.role === 'string')) {
      return { ex: errorExchange(400, "Invalid 'messages': every message must be an object with a 'role'.", 'messages'), cacheable: false };
    }
    const stream = req.stream === true;
    if (!stream && req.stream_options !== undefined && req.stream_options !== null) {
      return {
        ex: errorExchange(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options'),
        cacheable: false,
      };
    }
    const model = req.model;
    const b = behaviourOf(model);
    const failed = failure(model, b);
    if (failed) return { ex: failed, cacheable: false };
    const reply = planReply(req as unknown as MockChatBody, b);
    const who = { id: `chatcmpl-mock${hashId(body)}`, model, created: Math.floor(Date.now() / 1000) };
    const cacheable = b.fail === undefined;
    if (!stream) {
      const ex = jsonExchange(200, chatCompletionJson(reply, who, b.usage), {}, b.latencyMs);
      return { ex, cacheable };
    }
    const so = req.stream_options as { include_usage?: unknown } | null | undefined;
    const frames = chatCompletionFrames(reply, who, b, so?.include_usage === true);
    return { ex: streamExchange(frames, b), cacheable };
  };

  const embeddings = (body: string): { ex: MockExchange; cacheable: boolean } => {
    const req = parseJson(body);
    if (!req) return { ex: errorExchange(400, BAD_JSON), cacheable: false };
    if (typeof req.model !== 'string' || !req.model)
      return { ex: errorExchange(400, 'You must provide a model parameter.', 'model'), cacheable: false };
    const items = embeddingInputs(req.input);
    if (!items) return { ex: errorExchange(400, "Invalid 'input': expected a non-empty string or array.", 'input'), cacheable: false };
    const b = behaviourOf(req.model);
    const failed = failure(req.model, b);
    if (failed) return { ex: failed, cacheable: false };
    const dims = typeof req.dimensions === 'number' && req.dimensions > 0 ? Math.floor(req.dimensions) : options.embeddingDimensions;
    const base64 = req.encoding_format === 'base64';
    let tokens = 0;
    const data = items.map((item, index) => {
      tokens += item.tokens;
      const v = embedText(item.text, dims);
      return { object: 'embedding', index, embedding: base64 ? encodeEmbeddingBase64(v) : v };
    });
    const res = { object: 'list', data, model: req.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
    return { ex: jsonExchange(200, JSON.stringify(res), {}, b.latencyMs), cacheable: b.fail === undefined };
  };

  const models = (): MockExchange => {
    const ids = ['echo', ...Object.keys(options.models)];
    const data = ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchyard-mock' }));
    return jsonExchange(200, JSON.stringify({ object: 'list', data }));
  };

  return {
    options,
    handle(method, path, body, headers) {
      const q = path.indexOf('?');
      const p = q === -1 ? path : path.slice(0, q);
      if (!authorized(headers)) {
        return errorExchange(401, 'Incorrect API key provided. You can find your API key in your mock provider options.');
      }
      if (method === 'GET' && p.endsWith('/models')) return models();
      const kind = p.endsWith('/chat/completions') ? 'chat' : p.endsWith('/embeddings') ? 'embeddings' : undefined;
      if (!kind) return errorExchange(404, `Invalid URL (${method} ${p})`, null, null);
      if (method !== 'POST') return errorExchange(405, `Method ${method} not allowed on ${p}`);
      const key = body.length <= CACHE_BODY_MAX ? kind + body : undefined;
      if (key !== undefined) {
        const hit = cache.get(key);
        if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.ex;
      }
      const { ex, cacheable } = kind === 'chat' ? chat(body) : embeddings(body);
      if (key !== undefined && cacheable) {
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(key, { at: Date.now(), ex });
      }
      return ex;
    },
  };
}
