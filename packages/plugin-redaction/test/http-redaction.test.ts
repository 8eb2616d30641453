// End to end over real HTTP with the official SDKs as clients: what reaches a recording fake
// upstream (OpenAI through /v1/chat/completions, Anthropic through /v1/messages), blocking without an
// upstream call, audit mode, and failing closed when a detector throws.
import Anthropic from '@anthropic-ai/sdk';
import type { PluginDefinition } from '@switchyard/core';
import { type FakeAnthropicUpstream, type FakeUpstream, startFakeAnthropicUpstream, startFakeOpenAI } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactionPlugin } from '../src/index.js';
import { eventually, type Running, startGateway } from './support/gateway.js';
import { CARD, EMAIL, IBAN, KEY, leaks, SENSITIVE } from './support/values.js';

let openaiUp: FakeUpstream;
let anthropicUp: FakeAnthropicUpstream;
const servers: Running[] = [];

beforeAll(async () => {
  openaiUp = await startFakeOpenAI();
  anthropicUp = await startFakeAnthropicUpstream({ apiKey: 'upstream-anthropic-key' });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await openaiUp.close();
  await anthropicUp.close();
});

async function start(options: Parameters<typeof startGateway>[0], plugin?: PluginDefinition): Promise<Running> {
  const s = await startGateway(options, { openai: openaiUp.baseUrl, anthropic: anthropicUp.baseUrl }, plugin);
  servers.push(s);
  return s;
}

const openaiMessages = (): OpenAI.Chat.ChatCompletionMessageParam[] => [
  { role: 'system', content: `You help the customer. Profile: ${SENSITIVE}` },
  { role: 'user', content: `Please check this: ${SENSITIVE}` },
  {
    role: 'assistant',
    content: null,
    tool_calls: [
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'lookup', arguments: JSON.stringify({ email: EMAIL, card: Number(CARD.replaceAll(' ', '')), note: SENSITIVE }) },
      },
    ],
  },
  { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ found: true, account: { iban: IBAN, owner: EMAIL, key: KEY } }) },
  { role: 'tool', tool_call_id: 'call_1', content: `plain result: ${SENSITIVE}` },
];

describe('mask mode', () => {
  it('nothing sensitive in a system prompt, user message, tool call or tool result reaches the OpenAI upstream (openai SDK)', async () => {
    const gw = await start({});
    const before = openaiUp.requests.length;
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'gpt', messages: openaiMessages() });
    expect(res.choices[0]?.message).toBeDefined();
    const sent = openaiUp.requests.slice(before);
    expect(sent).toHaveLength(1);
    const body = (sent[0] as { body: string }).body;
    expect(leaks(body)).toEqual([]);
    const json = (sent[0] as { json: any }).json;
    // Typed placeholders, the same value always the same one, in every scope.
    for (const i of [0, 1, 4]) expect(json.messages[i].content).toMatch(/<EMAIL_1>.*<PHONE_1>.*<CREDIT_CARD_1>.*<IBAN_1>.*<OPENAI_KEY_1>/);
    // Tool-call arguments stay valid JSON; a card number sent as a JSON number becomes a string.
    const args = JSON.parse(json.messages[2].tool_calls[0].function.arguments);
    expect(args).toEqual({ email: '<EMAIL_1>', card: '<CREDIT_CARD_1>', note: expect.stringContaining('<IBAN_1>') });
    expect(JSON.parse(json.messages[3].content)).toEqual({
      found: true,
      account: { iban: '<IBAN_1>', owner: '<EMAIL_1>', key: '<OPENAI_KEY_1>' },
    });
    await eventually(() => gw.seen.length === 1);
    expect(gw.seen[0]?.findings?.counts).toMatchObject({ email: 6, phone: 4, credit_card: 5, iban: 5, openai_key: 5 });
    expect(gw.seen[0]?.found).toEqual(expect.arrayContaining(['email', 'phone', 'credit_card', 'iban', 'openai_key']));
  });

  it('nothing sensitive in a system prompt, user message or tool result reaches the Anthropic upstream (@anthropic-ai/sdk, /v1/messages)', async () => {
    const gw = await start({});
    const before = anthropicUp.requests.length;
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0 });
    const msg = await client.messages.create({
      model: 'claude',
      max_tokens: 200,
      system: `Profile: ${SENSITIVE}`,
      tools: [
        { name: 'lookup', description: 'find an account', input_schema: { type: 'object', properties: { email: { type: 'string' } } } },
      ],
      messages: [
        { role: 'user', content: `Check ${SENSITIVE}` },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'lookup', input: { email: EMAIL, note: SENSITIVE } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: `account: ${SENSITIVE}` },
            { type: 'text', text: `and ${SENSITIVE}` },
          ],
        },
      ],
    });
    expect(msg.type).toBe('message');
    const sent = anthropicUp.requests.slice(before);
    expect(sent).toHaveLength(1);
    const body = JSON.stringify((sent[0] as { body: unknown }).body);
    expect(leaks(body)).toEqual([]);
    const upstream = (sent[0] as { body: any }).body;
    expect(JSON.stringify(upstream.system)).toContain('<EMAIL_1>');
    expect(upstream.messages[1].content[0].input).toEqual({ email: '<EMAIL_1>', note: expect.stringContaining('<CREDIT_CARD_1>') });
    expect(JSON.stringify(upstream.messages[2].content[0])).toContain('<IBAN_1>');
  });

  it('leaves a request without findings untouched and records nothing', async () => {
    const gw = await start({});
    const before = openaiUp.requests.length;
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
    expect(res.choices[0]?.message.content).toBe('What is 2 + 2?');
    expect(openaiUp.requests[before]?.json.messages[0].content).toBe('What is 2 + 2?');
    await eventually(() => gw.seen.length === 1);
    expect(gw.seen[0]?.findings).toBeUndefined();
    expect(gw.seen[0]?.found).toBeUndefined();
  });
});

describe('block mode', () => {
  it('answers 400 redaction_blocked naming the detector, never the value, and calls no upstream (openai SDK)', async () => {
    const gw = await start({ mode: 'block', detectors: ['credit_card', 'iban'] });
    const before = openaiUp.requests.length;
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: SENSITIVE }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('redaction_blocked');
    expect(err.message).toContain('credit_card');
    expect(err.message).toContain('iban');
    expect(leaks(`${err.message} ${JSON.stringify(err.error)}`)).toEqual([]);
    expect(openaiUp.requests.length).toBe(before);
    await eventually(() => gw.seen.length === 1);
    expect(gw.seen[0]?.status).toBe('error');
    expect(gw.seen[0]?.findings?.blockedBy).toEqual(['credit_card', 'iban']);
  });

  it('blocks on /v1/messages with a 400 the Anthropic SDK raises, and calls no upstream', async () => {
    const gw = await start({ mode: 'mask', detectors: { email: 'mask', openai_key: 'block' } });
    const before = anthropicUp.requests.length;
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'k', maxRetries: 0 });
    const err = await client.messages
      .create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: `my key is ${KEY}` }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.status).toBe(400);
    expect(err.message).toContain('openai_key');
    expect(err.message).not.toContain(KEY);
    expect(anthropicUp.requests.length).toBe(before);
  });

  it('blocks when a block-mode finding overlaps a longer audit-mode one', async () => {
    // The phone detector (audit) and the card detector (block) both see this digit run.
    const gw = await start({ detectors: { phone: 'audit', credit_card: 'block' } });
    const before = openaiUp.requests.length;
    const res = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'pay with 4111-1111-1111-1111 now' }] }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('redaction_blocked');
    expect(openaiUp.requests.length).toBe(before);
  });
});

describe('audit mode', () => {
  it('changes nothing and records findings per detector on the context', async () => {
    const gw = await start({ mode: 'audit' });
    const before = openaiUp.requests.length;
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const messages = openaiMessages();
    const res = await client.chat.completions.create({ model: 'gpt', messages });
    const upstream = openaiUp.requests[before]?.json;
    expect(upstream.messages).toEqual(messages.map((m) => (m.role === 'assistant' ? { ...m, content: null } : m)));
    expect(res.choices[0]?.message.content).toContain(EMAIL);
    await eventually(() => gw.seen.length === 1);
    const seen = gw.seen[0];
    expect(seen?.findings?.counts).toMatchObject({ email: 6, phone: 4, credit_card: 5, iban: 5, openai_key: 5 });
    expect(seen?.findings?.masked).toBe(0);
    expect(seen?.found).toEqual(expect.arrayContaining(['email', 'phone', 'credit_card', 'iban', 'openai_key']));
  });
});

describe('failing closed', () => {
  it('a detector that throws refuses the request with redaction_failed and nothing goes upstream', async () => {
    const throwing = createRedactionPlugin({
      detectors: [
        {
          name: 'flaky',
          label: 'FLAKY',
          scan(text) {
            if (text.includes('@')) throw new RangeError(`cannot read ${text}`);
          },
        },
      ],
    });
    const gw = await start({}, throwing as PluginDefinition);
    const before = openaiUp.requests.length;
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: SENSITIVE }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.status).toBe(500);
    expect(err.code).toBe('redaction_failed');
    expect(err.message).toContain('flaky');
    expect(leaks(`${err.message} ${JSON.stringify(err.error)}`)).toEqual([]);
    expect(err.message).not.toContain('cannot read');
    expect(openaiUp.requests.length).toBe(before);
  });

  it('a scan over its time budget refuses the request rather than sending it half-scanned', async () => {
    const slow = createRedactionPlugin({
      detectors: [
        {
          name: 'slow',
          label: 'SLOW',
          scan() {
            const until = performance.now() + 30;
            while (performance.now() < until) {}
          },
        },
      ],
    });
    const gw = await start({ maxScanMs: 5 }, slow as PluginDefinition);
    const before = openaiUp.requests.length;
    const res = await fetch(`${gw.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe('redaction_failed');
    expect(body.error.message).toContain('maxScanMs');
    expect(openaiUp.requests.length).toBe(before);
  });
});
