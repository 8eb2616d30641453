// `restore` end to end: the upstream only ever sees placeholders, the client gets its values back,
// in whole responses and in streams, however the placeholders are split across chunks.
import Anthropic from '@anthropic-ai/sdk';
import { type FakeAnthropicUpstream, type FakeUpstream, startFakeAnthropicUpstream, startFakeOpenAI } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Running, startGateway } from './support/gateway.js';
import { type PiecedUpstream, startPiecedOpenAI } from './support/openai-stream-upstream.js';
import { EMAIL, KEY, leaks, PHONE, SENSITIVE } from './support/values.js';

let echoUp: FakeUpstream;
let piecedUp: PiecedUpstream;
let anthropicUp: FakeAnthropicUpstream;
let echoGw: Running;
let piecedGw: Running;
let anthropicGw: Running;

beforeAll(async () => {
  echoUp = await startFakeOpenAI();
  piecedUp = await startPiecedOpenAI();
  anthropicUp = await startFakeAnthropicUpstream();
  echoGw = await startGateway({ mode: 'restore' }, { openai: echoUp.baseUrl });
  piecedGw = await startGateway({ mode: 'restore' }, { openai: piecedUp.baseUrl });
  anthropicGw = await startGateway({ mode: 'restore' }, { anthropic: anthropicUp.baseUrl });
});
afterAll(async () => {
  await Promise.all([echoGw, piecedGw, anthropicGw].map((g) => g.close()));
  await Promise.all([echoUp, piecedUp, anthropicUp].map((u) => u.close()));
});

async function streamed(gw: Running, content: string): Promise<{ text: string; deltas: string[] }> {
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  const stream = await client.chat.completions.create({
    model: 'gpt',
    messages: [{ role: 'user', content }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const deltas: string[] = [];
  for await (const chunk of stream) {
    const d = chunk.choices[0]?.delta.content;
    if (d) deltas.push(d);
  }
  return { text: deltas.join(''), deltas };
}

describe('restore, whole responses', () => {
  it('masks going up and maps the placeholders in the answer back (openai SDK)', async () => {
    const before = echoUp.requests.length;
    const client = new OpenAI({ baseURL: echoGw.baseURL, apiKey: 'k', maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: SENSITIVE }] });
    expect(leaks(echoUp.requests[before]?.body ?? '')).toEqual([]);
    expect(echoUp.requests[before]?.json.messages[0].content).toContain('<EMAIL_1>');
    // The mock upstream echoes what it received: placeholders, which the client gets back as values.
    expect(res.choices[0]?.message.content).toBe(SENSITIVE);
  });

  it('asks caches not to store an answer that carries restored values', async () => {
    const client = new OpenAI({ baseURL: echoGw.baseURL, apiKey: 'k', maxRetries: 0 });
    const before = echoGw.seen.length;
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: `mail ${EMAIL}` }] });
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'no personal data' }] });
    await eventually(() => echoGw.seen.length === before + 2);
    expect(echoGw.seen[before]?.cacheDirective).toBe('no-store');
    expect(echoGw.seen[before]?.findings?.restorable).toBe(1);
    expect(echoGw.seen[before]?.findings?.remask?.(`reply to ${EMAIL}`)).toBe('reply to <EMAIL_1>');
    expect(echoGw.seen[before + 1]?.cacheDirective).toBeUndefined();
  });

  it("leaves placeholders that are not this request's alone", async () => {
    const client = new OpenAI({ baseURL: echoGw.baseURL, apiKey: 'k', maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'gpt',
      messages: [{ role: 'user', content: `mail ${EMAIL}, not <EMAIL_2> or <PHONE_1>` }],
    });
    expect(res.choices[0]?.message.content).toBe(`mail ${EMAIL}, not <EMAIL_2> or <PHONE_1>`);
  });
});

describe('restore, streams', () => {
  const content = `Please email ${EMAIL} today.`;
  const masked = 'Please email <EMAIL_1> today.';
  const at = masked.indexOf('<EMAIL_1>');

  it('restores a placeholder split across two chunks at every position', async () => {
    for (let k = 1; k < '<EMAIL_1>'.length; k++) {
      piecedUp.pieces((text) => [text.slice(0, at + k), text.slice(at + k)]);
      const { text } = await streamed(piecedGw, content);
      expect(piecedUp.requests.at(-1)?.json.messages[0].content).toBe(masked);
      expect(text, `split after ${k} characters of the placeholder`).toBe(content);
    }
  });

  it('restores a placeholder split into single characters and streams everything else chunk by chunk', async () => {
    piecedUp.pieces((text) => [...text]);
    const { text, deltas } = await streamed(piecedGw, content);
    expect(text).toBe(content);
    // Only the placeholder's own characters were held back: every other character was its own chunk.
    expect(deltas.length).toBe(masked.length - '<EMAIL_1>'.length + 1);
    expect(deltas).toContain(EMAIL);
  });

  it('restores two placeholders split across three chunks at every pair of positions', async () => {
    const two = `${EMAIL} ${PHONE}`;
    const maskedTwo = '<EMAIL_1> <PHONE_1>';
    for (let a = 1; a < maskedTwo.length - 1; a++) {
      for (let b = a + 1; b < maskedTwo.length; b++) {
        piecedUp.pieces((text) => [text.slice(0, a), text.slice(a, b), text.slice(b)]);
        const { text } = await streamed(piecedGw, two);
        expect(piecedUp.requests.at(-1)?.json.messages[0].content).toBe(maskedTwo);
        expect(text, `split at ${a} and ${b}`).toBe(two);
      }
    }
  });

  it('releases a held tail that never becomes a placeholder when the stream ends', async () => {
    piecedUp.pieces(() => ['The answer ends with <EMA', 'IL']);
    const { text } = await streamed(piecedGw, `from ${EMAIL}`);
    expect(text).toBe('The answer ends with <EMAIL');
  });

  it('restores in the Anthropic event stream of /v1/messages (@anthropic-ai/sdk)', async () => {
    const before = anthropicUp.requests.length;
    const client = new Anthropic({ baseURL: anthropicGw.url, apiKey: 'k', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude', max_tokens: 200, messages: [{ role: 'user', content: SENSITIVE }] });
    let text = '';
    stream.on('text', (t) => {
      text += t;
    });
    const final = await stream.finalMessage();
    expect(leaks(JSON.stringify(anthropicUp.requests[before]?.body))).toEqual([]);
    // The fake echoes "Echo: <masked text>" in 8-character pieces, so placeholders arrive split.
    expect(text).toBe(`Echo: ${SENSITIVE}`);
    expect(final.content[0]).toMatchObject({ type: 'text', text: `Echo: ${SENSITIVE}` });
    expect(text).toContain(KEY);
  });
});
