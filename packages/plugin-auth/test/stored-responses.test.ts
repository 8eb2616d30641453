// Gateway keys on the Responses surface: a stored response belongs to the creating key's team, is
// read without a model check (the stored-response routes reach no model), and needs a valid key.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configKey, type RunningServer, request, startAuthServer } from './helpers.js';

const gptOnly = configKey({ team: 'search', user: 'ana', models: ['gpt-*'] });
const teammate = configKey({ team: 'search', user: 'bo', models: ['claude-*'] });
const outsider = configKey({ team: 'ads', user: 'cy' });
let gw: RunningServer;

const sdk = (apiKey: string) => new OpenAI({ baseURL: gw.baseURL, apiKey, maxRetries: 0 });

beforeAll(async () => {
  gw = await startAuthServer({ store: 'none', keys: [gptOnly.entry, teammate.entry, outsider.entry] });
});
afterAll(async () => {
  await gw?.close();
});

describe('stored responses and gateway keys', () => {
  it('a teammate reads and deletes it whatever models their key allows; another team gets 404', async () => {
    const created = await sdk(gptOnly.key).responses.create({ model: 'gpt-4o', input: 'remember this' });
    expect((await sdk(teammate.key).responses.retrieve(created.id)).id).toBe(created.id);
    await expect(sdk(outsider.key).responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await sdk(teammate.key).responses.delete(created.id);
    await expect(sdk(gptOnly.key).responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('creating still checks the model allow-list; reading needs a valid key', async () => {
    const denied = await sdk(gptOnly.key)
      .responses.create({ model: 'claude-haiku', input: 'x' })
      .catch((e) => e);
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(denied.code).toBe('model_not_allowed');
    const anonymous = await request(`${gw.baseURL}/responses/resp_abc`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe('invalid_api_key');
  });
});
