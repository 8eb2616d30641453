/** @module Options of the `openai-compatible` provider type, and the settings they resolve to per deployment. */
import { OpenAICompatibleOptionsSchema } from '@switchyard/core';
import { z } from 'zod';
import { type DeploymentCapabilities, type MaxTokensField, SERVER_NAMES, SERVER_PRESETS, type ServerName } from './server-presets.js';

/**
 * `baseUrl` is required (there is no default server); `apiKey` is optional: without it no
 * `authorization` header is sent. Every preset value can be overridden per deployment.
 */
export const SelfHostedOptionsSchema = OpenAICompatibleOptionsSchema.extend({
  /** Which server this is; selects a preset of known deviations. */
  server: z.enum(SERVER_NAMES).default('generic'),
  /** The field the output limit is sent in; the other one is renamed to it. */
  maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  /** What this deployment's model can do; a request needing a missing capability goes to the next target. */
  capabilities: z
    .strictObject({
      tools: z.boolean().optional(),
      vision: z.boolean().optional(),
      json: z.boolean().optional(),
      embeddings: z.boolean().optional(),
    })
    .optional(),
  /** Top-level request fields to remove, added to the preset's list. */
  dropFields: z.array(z.string().min(1)).optional(),
  /** Split `<think>...</think>` in the content into reasoning (models whose server does not). */
  thinkTags: z.boolean().optional(),
});

export type SelfHostedOptions = z.output<typeof SelfHostedOptionsSchema>;
export type SelfHostedOptionsInput = z.input<typeof SelfHostedOptionsSchema>;

/** The preset merged with the overrides: what the translation reads. */
export interface DeploymentSettings {
  readonly server: ServerName;
  readonly streamUsage: boolean;
  readonly maxTokensField: MaxTokensField;
  readonly capabilities: Readonly<DeploymentCapabilities>;
  readonly dropFields: ReadonlySet<string>;
  readonly thinkTags: boolean;
  readonly toolDescriptions: boolean;
}

const resolved = new WeakMap<object, DeploymentSettings>();

/** Computed once per configured provider (its validated options object), not per request. */
export function resolveSettings(options: SelfHostedOptions): DeploymentSettings {
  let s = resolved.get(options);
  if (s) return s;
  const preset = SERVER_PRESETS[options.server ?? 'generic'];
  s = Object.freeze({
    server: options.server ?? 'generic',
    streamUsage: options.streamUsage ?? preset.streamUsage,
    maxTokensField: options.maxTokensField ?? preset.maxTokensField,
    capabilities: Object.freeze({ ...preset.capabilities, ...options.capabilities }),
    dropFields: new Set([...preset.dropFields, ...(options.dropFields ?? [])]),
    thinkTags: options.thinkTags ?? preset.thinkTags,
    toolDescriptions: preset.toolDescriptions,
  });
  resolved.set(options, s);
  return s;
}
