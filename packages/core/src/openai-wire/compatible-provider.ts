/**
 * @module `createOpenAICompatibleProvider(spec)`: the translation base that makes OpenAI, Azure OpenAI,
 * Mistral, self-hosted servers and the mock thin configurations. The spec declares what differs (type,
 * options, capabilities, URL and auth, body and chunk hooks); the base does the OpenAI wire format.
 */
import type { ZodType } from 'zod';
import { SwitchyardError } from '../errors.js';
import {
  type Capabilities,
  defineProvider,
  type EmbeddingsTranslation,
  type ProviderDefinition,
  type UpstreamCall,
  type UpstreamErrorInfo,
  type UpstreamRequest,
} from '../provider.js';
import type { ChatRequest } from '../schema/chat-request.js';
import type { ChatResponse } from '../schema/chat-response.js';
import type { EmbeddingsRequest } from '../schema/embeddings.js';
import { parseEmbeddingsResponse } from './embeddings.js';
import { mapOpenAIError } from './error-body.js';
import { joinUrl, type OpenAICompatibleBaseOptions } from './options.js';
import { buildChatBody, buildEmbeddingsBody } from './request-body.js';
import { parseChatResponse } from './response.js';
import { flushStream, type StreamChunkHook, translateStreamEvent } from './stream-chunk.js';
import { OpenAIStreamState } from './stream-state.js';

/** The endpoint paths below `baseUrl`. */
export type OpenAIEndpoint = 'chat/completions' | 'embeddings';

export interface OpenAICompatibleSpec<O extends OpenAICompatibleBaseOptions> {
  /** The `type:` in config. */
  readonly type: string;
  /** zod schema of the options; extend `OpenAICompatibleOptionsSchema`. */
  readonly options: ZodType<O>;
  /** Merged over "everything supported". */
  readonly capabilities?: Partial<Capabilities>;
  readonly defaults?: {
    /** When the options carry no `baseUrl`. */
    baseUrl?: string;
    /** Ask for `stream_options.include_usage` when `options.streamUsage` is unset. Default true. */
    streamUsage?: boolean;
  };
  /** Full URL of an endpoint. Default: `joinUrl(baseUrl, endpoint)`. */
  url?(endpoint: OpenAIEndpoint, call: UpstreamCall<O>): string;
  /**
   * Auth and fixed headers, computed once per configured provider. Default: `authorization: Bearer
   * <apiKey>` when there is a key. `options.headers` are applied on top.
   */
  authHeaders?(options: O): Record<string, string>;
  /** Last edit of the chat body before it is serialized: drop or rename fields for picky servers. */
  mapRequest?(body: Record<string, unknown>, call: UpstreamCall<O>, req: ChatRequest): Record<string, unknown>;
  mapEmbeddingsRequest?(body: Record<string, unknown>, call: UpstreamCall<O>, req: EmbeddingsRequest): Record<string, unknown>;
  /** Edits a parsed non-streaming response (vendor fields). `raw` is the upstream body. */
  mapResponse?(res: ChatResponse, raw: unknown, call: UpstreamCall<O>): ChatResponse;
  /** Runs per stream chunk after the generic translation; synchronous and light. */
  onStreamChunk?: StreamChunkHook;
  /** Refines the generic error reading (e.g. a vendor's own retry hints). */
  mapError?(
    status: number,
    body: unknown,
    headers: Record<string, string | string[] | undefined>,
    base: UpstreamErrorInfo,
  ): UpstreamErrorInfo;
  /** Option keys whose values are secrets. Default `['apiKey']`. */
  readonly secretOptions?: readonly string[];
  /** In-process transport instead of HTTP (the mock). */
  transport?: ProviderDefinition['transport'];
  /** The upstream's chunks are exactly OpenAI's: let core forward them verbatim (see ProviderDefinition). */
  readonly passthrough?: boolean;
}

const ALL: Capabilities = { chat: true, stream: true, tools: true, vision: true, json: true, embeddings: true };

/** What the base derives once per configured provider (per validated options object). */
interface Prepared {
  headers: Record<string, string>;
  secrets: string[];
  streamUsage: boolean;
}

/**
 * @example
 * export const acmeProvider = createOpenAICompatibleProvider({
 *   type: 'acme',
 *   options: OpenAICompatibleOptionsSchema.extend({ baseUrl: z.url().default('https://api.acme.ai/v1') }),
 *   capabilities: { embeddings: false },
 *   mapRequest: (body) => { delete body.seed; return body; },
 * });
 */
export function createOpenAICompatibleProvider<O extends OpenAICompatibleBaseOptions>(
  spec: OpenAICompatibleSpec<O>,
): ProviderDefinition<O, OpenAIStreamState> {
  const capabilities: Capabilities = Object.freeze({ ...ALL, ...spec.capabilities });
  const secretKeys = spec.secretOptions ?? ['apiKey'];
  const cache = new WeakMap<object, Prepared>();

  const prepare = (options: O): Prepared => {
    let p = cache.get(options as object);
    if (p) return p;
    const auth = spec.authHeaders ? spec.authHeaders(options) : options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
    const secrets = secretKeys
      .map((k) => (options as Record<string, unknown>)[k])
      .filter((v): v is string => typeof v === 'string' && v.length >= 4);
    p = {
      headers: { 'content-type': 'application/json', ...auth, ...options.headers },
      secrets,
      streamUsage: options.streamUsage ?? spec.defaults?.streamUsage ?? true,
    };
    cache.set(options as object, p);
    return p;
  };

  const url = (endpoint: OpenAIEndpoint, call: UpstreamCall<O>): string => {
    if (spec.url) return spec.url(endpoint, call);
    const base = call.options.baseUrl ?? spec.defaults?.baseUrl;
    if (!base) throw new SwitchyardError('SY_ERR_CONFIG', `Provider "${call.provider}" has no baseUrl`, { provider: call.provider });
    return joinUrl(base, endpoint);
  };

  // Copied per request: `upstreamRequest` taps may edit the headers of the request they get.
  const request = (endpoint: OpenAIEndpoint, call: UpstreamCall<O>, body: Record<string, unknown>): UpstreamRequest => ({
    url: url(endpoint, call),
    method: 'POST',
    headers: { ...prepare(call.options).headers },
    body: JSON.stringify(body),
  });

  const embeddings: EmbeddingsTranslation<O> | undefined = capabilities.embeddings
    ? {
        toUpstream(req, call) {
          let body = buildEmbeddingsBody(req, call.model);
          if (spec.mapEmbeddingsRequest) body = spec.mapEmbeddingsRequest(body, call, req);
          return request('embeddings', call, body);
        },
        fromUpstream(body, call) {
          return parseEmbeddingsResponse(body, call.provider, call.model);
        },
      }
    : undefined;

  const hook = spec.onStreamChunk;
  return defineProvider<O, OpenAIStreamState>({
    type: spec.type,
    options: spec.options,
    capabilities,
    streamFormat: 'sse',
    secretOptions: secretKeys,
    passthrough: spec.passthrough === true && !hook,
    toUpstream(req, call) {
      let body = buildChatBody(req, { model: call.model, stream: call.stream, streamUsage: prepare(call.options).streamUsage });
      if (spec.mapRequest) body = spec.mapRequest(body, call, req);
      return request('chat/completions', call, body);
    },
    fromUpstream(body, call) {
      const res = parseChatResponse(body, call.provider, call.model, prepare(call.options).secrets);
      return spec.mapResponse ? spec.mapResponse(res, body, call) : res;
    },
    createStreamState(call) {
      return new OpenAIStreamState(call.provider, call.model, prepare(call.options).secrets);
    },
    fromStreamEvent(event, state) {
      return translateStreamEvent(event, state, hook);
    },
    endStream(state) {
      return flushStream(state);
    },
    mapError(status, body, headers) {
      const base = mapOpenAIError(status, body, headers);
      return spec.mapError ? spec.mapError(status, body, headers, base) : base;
    },
    ...(embeddings ? { embeddings } : {}),
    ...(spec.transport ? { transport: spec.transport } : {}),
  });
}
