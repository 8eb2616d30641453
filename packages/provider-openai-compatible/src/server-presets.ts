/**
 * @module What each self-hosted server does differently from OpenAI, as defaults an explicit option
 * overrides. Only deviations that change the wire are recorded here; what the shared base already
 * absorbs (a `reasoning` delta, a reused tool-call index, arguments sent as an object, `eos_token`
 * finish reasons, `{"error":"..."}` bodies) needs no preset.
 */
import type { Capabilities } from '@switchyard/core';

export const SERVER_NAMES = ['vllm', 'ollama', 'llamacpp', 'tgi', 'lmstudio', 'generic'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/** The capabilities one deployment may lack; chat and stream are always on. */
export type DeploymentCapabilities = Pick<Capabilities, 'tools' | 'vision' | 'json' | 'embeddings'>;

export interface ServerPreset {
  /** Ask for `stream_options.include_usage` on streams. */
  readonly streamUsage: boolean;
  /** The name the server reads the output limit from; the canonical request may use either. */
  readonly maxTokensField: MaxTokensField;
  readonly capabilities: Readonly<DeploymentCapabilities>;
  /** Top-level request fields removed before sending. */
  readonly dropFields: readonly string[];
  /** Split `<think>...</think>` out of the content into reasoning. */
  readonly thinkTags: boolean;
  /** Give tools without a `description` an empty one (older TGI requires the field). */
  readonly toolDescriptions: boolean;
}

const ALL: DeploymentCapabilities = { tools: true, vision: true, json: true, embeddings: true };

/** OpenAI platform features no self-hosted server implements; some older servers reject them. */
const PLATFORM_ONLY = [
  'store',
  'service_tier',
  'metadata',
  'prompt_cache_key',
  'safety_identifier',
  'verbosity',
  'web_search_options',
  'modalities',
  'audio',
  'prediction',
];

/**
 * Every named server reads `max_tokens`: Ollama silently ignores `max_completion_tokens` (so a limit
 * would be lost), llama.cpp read only `max_tokens` until early 2026, and vLLM versions with strict
 * request models reject unknown fields. Usage in streams needs `stream_options.include_usage` on vLLM
 * and Ollama (since 0.5.2); llama.cpp, TGI and LM Studio ignore the field where they do not know it.
 */
export const SERVER_PRESETS: Readonly<Record<ServerName, ServerPreset>> = Object.freeze({
  generic: {
    streamUsage: true,
    maxTokensField: 'max_tokens',
    capabilities: ALL,
    dropFields: [],
    thinkTags: false,
    toolDescriptions: false,
  },
  vllm: {
    streamUsage: true,
    maxTokensField: 'max_tokens',
    capabilities: ALL,
    dropFields: PLATFORM_ONLY,
    thinkTags: false,
    toolDescriptions: false,
  },
  ollama: {
    streamUsage: true,
    maxTokensField: 'max_tokens',
    capabilities: ALL,
    dropFields: PLATFORM_ONLY,
    thinkTags: false,
    toolDescriptions: false,
  },
  llamacpp: {
    streamUsage: true,
    maxTokensField: 'max_tokens',
    capabilities: ALL,
    dropFields: PLATFORM_ONLY,
    thinkTags: false,
    toolDescriptions: false,
  },
  // TGI serves no embeddings (that is Text Embeddings Inference, a separate server).
  tgi: {
    streamUsage: true,
    maxTokensField: 'max_tokens',
    capabilities: { ...ALL, embeddings: false },
    dropFields: PLATFORM_ONLY,
    thinkTags: false,
    toolDescriptions: true,
  },
  lmstudio: {
    streamUsage: true,
    maxTokensField: 'max_tokens',
    capabilities: ALL,
    dropFields: PLATFORM_ONLY,
    thinkTags: false,
    toolDescriptions: false,
  },
});
