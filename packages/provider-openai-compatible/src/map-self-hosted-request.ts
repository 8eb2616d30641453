/** @module Last edits of the chat and embeddings bodies for one self-hosted deployment. */
import { type ChatRequest, SwitchyardError, type UpstreamCall } from '@switchyard/core';
import { type DeploymentSettings, resolveSettings, type SelfHostedOptions } from './self-hosted-options.js';
import type { DeploymentCapabilities } from './server-presets.js';

type Json = Record<string, unknown>;

function needed(req: ChatRequest): (keyof DeploymentCapabilities)[] {
  const need: (keyof DeploymentCapabilities)[] = [];
  if (req.tools?.length) need.push('tools');
  const rf = req.response_format?.type;
  if (rf === 'json_object' || rf === 'json_schema') need.push('json');
  if (req.messages.some((m) => m.role === 'user' && Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url')))
    need.push('vision');
  return need;
}

/**
 * Capabilities are per deployment (one server runs a vision model, another does not) while core
 * filters targets by provider type; a deployment that lacks one refuses here with `fallback`, so the
 * router moves on to the next target instead of sending a request the model cannot serve.
 */
export function assertCapabilities(call: UpstreamCall, s: DeploymentSettings, need: readonly (keyof DeploymentCapabilities)[]): void {
  const missing = need.filter((c) => !s.capabilities[c]);
  if (missing.length === 0) return;
  throw new SwitchyardError('SY_ERR_UNSUPPORTED', `Provider "${call.provider}" (${s.server}) is configured without ${missing.join(', ')}`, {
    provider: call.provider,
    fallback: true,
  });
}

function limitField(body: Json, field: DeploymentSettings['maxTokensField']): void {
  const other = field === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  const value = body[other];
  delete body[other];
  // `max_completion_tokens` is the newer name, so it wins when a client sends both.
  if (typeof value === 'number' && (field === 'max_tokens' || typeof body[field] !== 'number')) body[field] = value;
}

function withDescriptions(tools: unknown): unknown {
  if (!Array.isArray(tools)) return tools;
  return tools.map((t) =>
    t?.type === 'function' && t.function && t.function.description === undefined
      ? { ...t, function: { ...t.function, description: '' } }
      : t,
  );
}

export function toSelfHostedBody(body: Json, call: UpstreamCall<SelfHostedOptions>, req: ChatRequest): Json {
  const s = resolveSettings(call.options);
  assertCapabilities(call, s, needed(req));
  for (const f of s.dropFields) delete body[f];
  limitField(body, s.maxTokensField);
  // Off means the server may not know `stream_options` at all, so the client's own is not sent either.
  if (call.stream && s.streamUsage) body.stream_options = { ...(req.stream_options ?? {}), include_usage: true };
  else delete body.stream_options;
  if (s.toolDescriptions && body.tools) body.tools = withDescriptions(body.tools);
  return body;
}

export function toSelfHostedEmbeddingsBody(body: Json, call: UpstreamCall<SelfHostedOptions>): Json {
  const s = resolveSettings(call.options);
  assertCapabilities(call, s, ['embeddings']);
  for (const f of s.dropFields) delete body[f];
  return body;
}
