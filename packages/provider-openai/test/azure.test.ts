import type { ChatRequest, EmbeddingsRequest, UpstreamCall } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { AZURE_DEFAULT_API_VERSION, type OpenAIOptions, OpenAIOptionsSchema, openaiProvider } from '../src/index.js';

function call(azure: Record<string, unknown>, model = 'gpt-4o', extra: Record<string, unknown> = {}): UpstreamCall<OpenAIOptions> {
  return { provider: 'azure', model, options: OpenAIOptionsSchema.parse({ apiKey: 'azure-key-123', azure, ...extra }), stream: false };
}

const req: ChatRequest = { model: 'alias', messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 };

describe('azure openai', () => {
  it('builds deployment URLs from the resource name with the default GA api-version', () => {
    const r = openaiProvider.toUpstream(req, call({ resourceName: 'acme-eastus' }));
    expect(r.url).toBe(
      `https://acme-eastus.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`,
    );
  });

  it('authenticates with api-key, never authorization or openai-organization', () => {
    const r = openaiProvider.toUpstream(req, call({ resourceName: 'acme' }, 'gpt-4o', { organization: 'org-1' }));
    expect(r.headers).toEqual({ 'content-type': 'application/json', 'api-key': 'azure-key-123' });
  });

  it('maps models to deployments and names the deployment in the path and the body', () => {
    const c = call({
      endpoint: 'https://my-llm.example.com/',
      apiVersion: '2025-01-01-preview',
      deployments: { 'gpt-4o': 'prod_gpt4o.v2' },
    });
    const r = openaiProvider.toUpstream(req, c);
    expect(r.url).toBe('https://my-llm.example.com/openai/deployments/prod_gpt4o.v2/chat/completions?api-version=2025-01-01-preview');
    expect(JSON.parse(r.body as string)).toMatchObject({ model: 'prod_gpt4o.v2', max_tokens: 10 });
  });

  it('refuses at boot a configured deployment name that is not one plain path segment', () => {
    for (const bad of ['prod gpt4o', '../x', 'a/b', 'a?b', '.hidden']) {
      expect(OpenAIOptionsSchema.safeParse({ azure: { resourceName: 'acme', deployments: { m: bad } } }).success).toBe(false);
    }
  });

  it('looks deployments up by own key only: a model named like an Object method is its own deployment', () => {
    const r = openaiProvider.toUpstream(req, call({ resourceName: 'acme', deployments: { 'gpt-4o': 'dep' } }, 'constructor'));
    expect(r.url).toBe(
      `https://acme.openai.azure.com/openai/deployments/constructor/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`,
    );
  });

  it('uses the versionless /openai/v1 path for apiVersion v1', () => {
    const r = openaiProvider.toUpstream(req, call({ resourceName: 'acme', apiVersion: 'v1', deployments: { 'gpt-4o': 'dep-1' } }));
    expect(r.url).toBe('https://acme.openai.azure.com/openai/v1/chat/completions');
    expect(JSON.parse(r.body as string).model).toBe('dep-1');
  });

  it('builds embeddings deployment URLs and asks for float vectors', () => {
    const e: EmbeddingsRequest = { model: 'alias', input: 'hello', encoding_format: 'base64' };
    const r = openaiProvider.embeddings!.toUpstream(
      e,
      call({ resourceName: 'acme', deployments: { 'text-embedding-3-small': 'emb' } }, 'text-embedding-3-small'),
    );
    expect(r.url).toBe(`https://acme.openai.azure.com/openai/deployments/emb/embeddings?api-version=${AZURE_DEFAULT_API_VERSION}`);
    expect(JSON.parse(r.body as string)).toEqual({ model: 'emb', input: 'hello', encoding_format: 'float' });
    expect(r.headers['api-key']).toBe('azure-key-123');
  });

  it('requires exactly one of resourceName and endpoint', () => {
    expect(OpenAIOptionsSchema.safeParse({ azure: {} }).success).toBe(false);
    expect(OpenAIOptionsSchema.safeParse({ azure: { resourceName: 'a', endpoint: 'https://a.openai.azure.com' } }).success).toBe(false);
    expect(OpenAIOptionsSchema.safeParse({ azure: { resourceName: 'bad/name' } }).success).toBe(false);
  });
});
