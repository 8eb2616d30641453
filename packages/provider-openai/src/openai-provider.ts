/**
 * @module `openaiProvider`: OpenAI and Azure OpenAI as a configuration of the OpenAI-compatible base,
 * plus the Responses upstream mode for requests that came in through `/v1/responses`.
 */
import { createOpenAICompatibleProvider, defineProvider, type SseEvent, type StreamPart, type UpstreamCall } from '@switchyard/core';
import { azureDeployment, azureUrl } from './azure-url.js';
import { type OpenAIOptions, OpenAIOptionsSchema } from './options.js';
import { adaptTokenLimit } from './reasoning-models.js';
import { buildResponsesBody, isResponsesRequest } from './responses-request-body.js';
import { parseResponsesBody } from './responses-response.js';
import { endResponsesStream, isResponsesEvent, ResponsesStreamState, translateResponsesEvent } from './responses-stream.js';
import { responsesUrl } from './responses-url.js';

function authHeaders(options: OpenAIOptions): Record<string, string> {
  const h: Record<string, string> = {};
  if (options.azure) {
    if (options.apiKey) h['api-key'] = options.apiKey;
    return h;
  }
  if (options.apiKey) h.authorization = `Bearer ${options.apiKey}`;
  if (options.organization) h['openai-organization'] = options.organization;
  if (options.project) h['openai-project'] = options.project;
  return h;
}

/** OpenAI Chat Completions and Embeddings, and Azure OpenAI. */
const chatProvider = createOpenAICompatibleProvider<OpenAIOptions>({
  type: 'openai',
  options: OpenAIOptionsSchema,
  capabilities: { responses: true },
  passthrough: true,
  authHeaders,
  url(endpoint, call) {
    const { azure, baseUrl } = call.options;
    if (azure) return azureUrl(azure, endpoint, call.model);
    return `${baseUrl.replace(/\/+$/, '')}/${endpoint}`;
  },
  mapRequest(body, call) {
    // OpenAI has no top_k and rejects unknown parameters (it can arrive from Anthropic clients).
    delete body.top_k;
    // Azure's v1 API routes by `model`; the dated API ignores it. Either way it names the deployment.
    if (call.options.azure) body.model = azureDeployment(call.options.azure, call.model);
    return adaptTokenLimit(body, call.model);
  },
  mapEmbeddingsRequest(body, call) {
    if (call.options.azure) body.model = azureDeployment(call.options.azure, call.model);
    return body;
  },
});

type ChatState = ReturnType<typeof chatProvider.createStreamState>;

/** Chat Completions until the first event says the upstream speaks Responses. */
class OpenAIStreamState {
  mode: 'unknown' | 'chat' | 'responses' = 'unknown';
  readonly responses: ResponsesStreamState;

  constructor(
    readonly chat: ChatState,
    call: UpstreamCall<OpenAIOptions>,
    secrets: readonly string[],
  ) {
    this.responses = new ResponsesStreamState(call.provider, call.model, secrets);
  }
}

/** Headers and secrets per configured provider (per validated options object). */
const prepared = new WeakMap<object, { headers: Record<string, string>; secrets: string[] }>();
function prepare(options: OpenAIOptions) {
  let p = prepared.get(options);
  if (!p) {
    p = {
      headers: { 'content-type': 'application/json', ...authHeaders(options), ...options.headers },
      secrets: options.apiKey && options.apiKey.length >= 4 ? [options.apiKey] : [],
    };
    prepared.set(options, p);
  }
  return p;
}

/**
 * @example
 * // providers: { openai: { type: openai, apiKey: "${OPENAI_API_KEY}" } }
 * // providers: { azure: { type: openai, apiKey: "${AZURE_OPENAI_API_KEY}", azure: { resourceName: acme } } }
 * createGateway({ config, providers: [openaiProvider] });
 */
export const openaiProvider = defineProvider<OpenAIOptions, OpenAIStreamState>({
  ...chatProvider,
  toUpstream(req, call) {
    if (!isResponsesRequest(req)) return chatProvider.toUpstream(req, call);
    const model = call.options.azure ? azureDeployment(call.options.azure, call.model) : call.model;
    return {
      url: responsesUrl(call.options),
      method: 'POST',
      // Copied per request: `upstreamRequest` taps may edit the headers of the request they get.
      headers: { ...prepare(call.options).headers },
      body: JSON.stringify(buildResponsesBody(req, { model, stream: call.stream })),
    };
  },
  fromUpstream(body, call) {
    if ((body as { object?: unknown } | null)?.object === 'response') {
      return parseResponsesBody(body, call.provider, call.model, prepare(call.options).secrets);
    }
    return chatProvider.fromUpstream(body, call);
  },
  createStreamState(call) {
    return new OpenAIStreamState(chatProvider.createStreamState(call), call, prepare(call.options).secrets);
  },
  fromStreamEvent(evt: SseEvent, state): StreamPart[] {
    if (state.mode === 'unknown') state.mode = isResponsesEvent(evt) ? 'responses' : 'chat';
    return state.mode === 'responses' ? translateResponsesEvent(evt, state.responses) : chatProvider.fromStreamEvent(evt, state.chat);
  },
  endStream(state) {
    if (state.mode === 'responses') return endResponsesStream(state.responses);
    return chatProvider.endStream ? chatProvider.endStream(state.chat) : [];
  },
});
