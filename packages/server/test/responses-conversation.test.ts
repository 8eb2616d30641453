// Conversation state the gateway keeps for upstreams that keep none: `previous_response_id` across
// turns on Anthropic- and Gemini-backed aliases, `GET`/`DELETE /v1/responses/{id}`, and the scoping
// of stored responses to the caller's tenant.
import { definePlugin, Stage, SwitchyardError } from '@switchyard/core';
import { anthropicProvider } from '@switchyard/provider-anthropic';
import { googleProvider } from '@switchyard/provider-google';
import { mockProvider } from '@switchyard/provider-mock';
import { type FakeAnthropicUpstream, type FakeGemini, startFakeAnthropicUpstream, startFakeGemini } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningGateway, startGateway } from './harness.js';

let gw: RunningGateway;
let anthropic: FakeAnthropicUpstream;
let gemini: FakeGemini;

/** Stands in for plugin-auth: `authorization: Bearer <team>-<n>` is a key of team <team>. */
const teamAuth = definePlugin({
  name: 'team-auth',
  version: '1.0.0',
  core: '^1',
  config: z.object({}),
  apply(gateway) {
    gateway.hooks.admit.tapPromise({ name: 'team-auth', stage: Stage.AUTH }, async (_req, ctx) => {
      const key = /^Bearer ([a-z]+)-(\d+)$/.exec(ctx.header('authorization') ?? '');
      if (!key) return new SwitchyardError('SY_ERR_UNAUTHORIZED', 'bad key');
      ctx.principal = { keyId: `${key[1]}-${key[2]}`, team: key[1] as string, user: 'u' };
      return undefined;
    });
  },
});

const sdk = (key: string) => new OpenAI({ baseURL: gw.baseURL, apiKey: key, maxRetries: 0 });

beforeAll(async () => {
  anthropic = await startFakeAnthropicUpstream({ apiKey: 'sk-ant-test' });
  gemini = await startFakeGemini({ apiKey: 'gem-test' });
  gw = await startGateway(
    {
      providers: {
        anthropic: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: anthropic.baseUrl },
        google: { type: 'google', apiKey: 'gem-test', baseUrl: gemini.baseUrl },
        mock: { type: 'mock' },
      },
      models: {
        claude: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
        gemini: { provider: 'google', model: 'gemini-3-pro-preview' },
      },
      plugins: { 'team-auth': {} },
    },
    { providers: [mockProvider, anthropicProvider, googleProvider], plugins: [teamAuth] },
  );
});

afterAll(async () => {
  await gw?.close();
  await anthropic?.close();
  await gemini?.close();
});

describe('previous_response_id on an Anthropic-backed alias', () => {
  it('the second turn carries the first turn, without its instructions', async () => {
    anthropic.reply((body: any) => ({ content: [{ type: 'text', text: `turn ${body.messages.length}` }] }));
    const client = sdk('blue-1');
    const first = await client.responses.create({ model: 'claude', input: 'My name is Ada.', instructions: 'Be terse.' });
    expect(first.store).toBe(true);
    const second = await client.responses.create({ model: 'claude', input: 'What is my name?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe('turn 3');
    const sent = anthropic.requests.at(-1)?.body;
    expect(sent.system).toBeUndefined();
    expect(sent.messages).toEqual([
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'turn 1' },
      { role: 'user', content: 'What is my name?' },
    ]);
  });

  it('a streamed turn is stored too, before response.completed, and continues the conversation', async () => {
    anthropic.reply((body: any) => ({ content: [{ type: 'text', text: `seen ${body.messages.length}` }] }));
    const client = sdk('blue-1');
    const final = await client.responses.stream({ model: 'claude', input: 'first' }).finalResponse();
    const next = await client.responses.create({ model: 'claude', input: 'second', previous_response_id: final.id });
    expect(next.output_text).toBe('seen 3');
    const stored = await client.responses.retrieve(final.id);
    expect(stored.status).toBe('completed');
    expect(stored.output).toEqual(final.output.map((o) => expect.objectContaining({ id: o.id, type: o.type })));
  });

  it('a streamed turn with extended thinking: summaries for the client, signed thinking replayed to Anthropic', async () => {
    anthropic.reply({
      content: [
        { type: 'thinking', thinking: 'The user wants a number.', signature: 'sig-abc' },
        { type: 'text', text: '42' },
      ],
    });
    const client = sdk('blue-3');
    const first = await client.responses.stream({ model: 'claude', input: 'pick a number', reasoning: { effort: 'low' } }).finalResponse();
    expect(first.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    const reasoning = first.output[0];
    expect(reasoning?.type === 'reasoning' && reasoning.summary).toEqual([{ type: 'summary_text', text: 'The user wants a number.' }]);
    anthropic.reply({ content: [{ type: 'text', text: 'ok' }] });
    await client.responses.create({ model: 'claude', input: 'why?', previous_response_id: first.id, reasoning: { effort: 'low' } });
    const replayed = anthropic.requests.at(-1)?.body.messages[1];
    expect(replayed.content[0]).toEqual({ type: 'thinking', thinking: 'The user wants a number.', signature: 'sig-abc' });
  });

  it('a tool round trip continues from the stored function call', async () => {
    anthropic.reply((body: any) => {
      const last = body.messages.at(-1);
      const result = Array.isArray(last.content) ? last.content.find((b: any) => b.type === 'tool_result') : undefined;
      if (result) return { content: [{ type: 'text', text: `Result was ${result.content}` }] };
      return { content: [{ type: 'tool_use', id: 'toolu_9', name: 'lookup', input: { q: 'x' } }], stop_reason: 'tool_use' };
    });
    const client = sdk('blue-2');
    const tools = [
      { type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: false },
    ];
    const first = await client.responses.create({ model: 'claude', input: 'look it up', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    const second = await client.responses.create({
      model: 'claude',
      tools,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call?.type === 'function_call' ? call.call_id : '', output: '42' }],
    });
    expect(second.output_text).toBe('Result was 42');
  });
});

describe('previous_response_id on a Gemini-backed alias', () => {
  it('keeps the thought signature of a stored function call (Gemini 3 refuses calls without it)', async () => {
    let turn = 0;
    gemini.handle(() => {
      turn++;
      if (turn === 1) {
        return {
          json: {
            candidates: [
              {
                content: { role: 'model', parts: [{ functionCall: { name: 'lookup', args: { q: 'x' } }, thoughtSignature: 'c2lnLTE=' }] },
                finishReason: 'STOP',
              },
            ],
            usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 },
          },
        };
      }
      return undefined;
    });
    const client = sdk('green-1');
    const tools = [
      { type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: false },
    ];
    const first = await client.responses.create({ model: 'gemini', input: 'use the tool', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call?.type).toBe('function_call');
    const second = await client.responses.create({
      model: 'gemini',
      tools,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call?.type === 'function_call' ? call.call_id : '', output: '{"answer":42}' }],
    });
    expect(second.status).toBe('completed');
    const contents = gemini.requests.at(-1)?.body.contents;
    expect(contents[1].parts[0]).toMatchObject({ functionCall: { name: 'lookup' }, thoughtSignature: 'c2lnLTE=' });
    expect(contents[2].parts[0].functionResponse).toMatchObject({ name: 'lookup', response: { answer: 42 } });
  });

  it('streamed turns: the second turn sees the first', async () => {
    gemini.handle(undefined);
    const client = sdk('green-1');
    const first = await client.responses.stream({ model: 'gemini', input: 'remember blue' }).finalResponse();
    await client.responses.stream({ model: 'gemini', input: 'what colour?', previous_response_id: first.id }).finalResponse();
    const contents = gemini.requests.at(-1)?.body.contents;
    expect(contents.map((c: any) => c.role)).toEqual(['user', 'model', 'user']);
    expect(contents[1].parts[0].text).toBe('You said: remember blue');
  });
});

describe('stored responses: GET and DELETE /v1/responses/{id}', () => {
  it('retrieves, deletes, then 404s; another team never sees it', async () => {
    anthropic.reply({ content: [{ type: 'text', text: 'kept' }] });
    const owner = sdk('red-1');
    const created = await owner.responses.create({ model: 'claude', input: 'keep me' });
    // A teammate's key reads it (team scope); another team gets a 404, as for an unknown id.
    expect((await sdk('red-2').responses.retrieve(created.id)).output_text).toBe('kept');
    const foreign = await sdk('blue-1')
      .responses.retrieve(created.id)
      .catch((e) => e);
    expect(foreign).toBeInstanceOf(OpenAI.NotFoundError);
    expect(foreign.code).toBe('response_not_found');
    const foreignDelete = await sdk('blue-1')
      .responses.delete(created.id)
      .catch((e) => e);
    expect(foreignDelete).toBeInstanceOf(OpenAI.NotFoundError);
    // Nor can it continue another team's conversation.
    const foreignTurn = await sdk('blue-1')
      .responses.create({ model: 'claude', input: 'hi', previous_response_id: created.id })
      .catch((e) => e);
    expect(foreignTurn).toBeInstanceOf(OpenAI.BadRequestError);
    expect(foreignTurn.code).toBe('previous_response_not_found');
    expect(foreignTurn.param).toBe('previous_response_id');

    await owner.responses.delete(created.id);
    const gone = await owner.responses.retrieve(created.id).catch((e) => e);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect(gone.error).toMatchObject({ type: 'not_found_error', code: 'response_not_found' });
  });

  it('store: false keeps nothing', async () => {
    const client = sdk('red-1');
    const res = await client.responses.create({ model: 'claude', input: 'forget me', store: false });
    expect(res.store).toBe(false);
    await expect(client.responses.retrieve(res.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('needs a key like every other route, and unknown ids are 404s', async () => {
    const anonymous = await fetch(`${gw.baseURL}/responses/resp_abc`);
    expect(anonymous.status).toBe(401);
    const odd = await fetch(`${gw.baseURL}/responses/${encodeURIComponent('../../etc/passwd')}`, {
      headers: { authorization: 'Bearer red-1' },
    });
    expect(odd.status).toBe(404);
    expect((await odd.json()).error.message).not.toContain('passwd');
  });
});
