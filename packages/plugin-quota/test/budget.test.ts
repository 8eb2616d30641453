// USD budgets: the worst case (input estimate + max_tokens at the catalog's price) is reserved before
// a stream starts, so a stream that could overshoot is refused up front; the reservation is settled
// to the real cost afterwards. A price catalog stands in for plugin-cost.
import { createTestGateway, startRedis, type TestRedis } from '@switchyard/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaPlugin } from '../src/index.js';
import { chat, headerAuth, inputTokens, PRICE, type Running, startQuotaServer, testPrices, uniquePrefix } from './helpers.js';

let redis: TestRedis;
const servers: Running[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await redis?.stop();
});

const nano = (usd: number) => Math.round(usd * 1e9);
/** What the plugin reserves: ceil of (tokens x USD per 1M) in nano-USD. */
const worst = (input: number, output: number) => Math.ceil((input * PRICE.input + output * PRICE.output) * 1e3);

describe.each(['memory', 'redis'] as const)('USD budget (%s store)', (store) => {
  it('refuses a stream that could overshoot before it starts, and settles a small one to its real cost', async () => {
    const gw = await startQuotaServer(
      { store, redisUrl: redis.url, keyPrefix: uniquePrefix(), limits: [{ name: 'daily', scope: 'team', usdPerDay: 0.01 }] },
      [headerAuth, testPrices],
    );
    servers.push(gw);
    const client = new OpenAI({
      baseURL: gw.baseURL,
      apiKey: 'k',
      maxRetries: 0,
      defaultHeaders: { 'x-test-user': 'u1', 'x-test-team': 'research' },
    });
    const messages = [{ role: 'user' as const, content: 'stream me a few words please' }];
    const input = await inputTokens({ messages });

    // 1000 output tokens at $30/1M is $0.03 > $0.01: refused before any byte is streamed.
    expect(worst(input, 1000)).toBeGreaterThan(1e7);
    const err = await client.chat.completions.create({ model: 'slow', messages, stream: true, max_tokens: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe('budget_exceeded');
    expect(e.message).toMatch(
      /Request too large for budget "daily": it may cost up to \$0\.03\d*, but team "research" may spend \$0\.01 per day; lower max_tokens/,
    );
    // Waiting cannot help, so there is no retry-after.
    expect(e.headers?.get('retry-after')).toBeNull();

    // A small one fits and streams to the end.
    const stream = await client.chat.completions.create({
      model: 'slow',
      messages,
      stream: true,
      max_tokens: 50,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toContain('stream me a few words');
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    // Settled to the real cost: exactly what is left can be reserved, one more output token cannot.
    const left = 1e7 - nano(((usage?.prompt_tokens ?? 0) * PRICE.input + (usage?.completion_tokens ?? 0) * PRICE.output) / 1e6);
    let fit = Math.floor((left / 1e3 - input * PRICE.input) / PRICE.output);
    while (worst(input, fit + 1) <= left) fit++;
    while (worst(input, fit) > left) fit--;
    const headers = { 'x-test-user': 'u2', 'x-test-team': 'research' };
    const over = await chat(gw, { model: 'slow', messages, max_tokens: fit + 1, stream: true }, headers);
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toMatch(/^application\/json/);
    expect(over.json.error.code).toBe('budget_exceeded');
    expect(over.json.error.message).toMatch(/^Budget "daily" exceeded: \$0\.01 per day for team "research", \$0\.000\d+ spent or reserved/);
    // It fits an empty budget, so it may retry when the day (UTC) ends.
    const untilMidnight = (86_400_000 - (Date.now() % 86_400_000)) / 1000;
    expect(Number(over.headers.get('retry-after'))).toBeCloseTo(untilMidnight, -1);
    expect((await chat(gw, { model: 'fast', messages, max_tokens: fit }, headers)).status).toBe(200);
    // Another team has its own budget.
    expect((await chat(gw, { model: 'fast', messages, max_tokens: fit }, { 'x-test-user': 'u3', 'x-test-team': 'other' })).status).toBe(
      200,
    );
  });
});

describe('USD budget configuration', () => {
  it('refuses to boot without a price catalog', async () => {
    const boot = createTestGateway({ plugins: [[quotaPlugin, { limits: [{ scope: 'team', usdPerMonth: 100 }] }]] });
    await expect(boot).rejects.toMatchObject({ code: 'SY_ERR_PLUGIN_DEPENDENCY', message: expect.stringMatching(/need a price catalog/) });
  });

  it('counts an unpriced model as $0 by default, or refuses it with rejectUnpriced', async () => {
    const models = { free: { provider: 'mock', model: 'free-echo' } };
    const limits = [{ scope: 'global' as const, usdPerDay: 0.000001 }];
    const lenient = await createTestGateway({ config: { models }, plugins: [testPrices, [quotaPlugin, { limits }]] });
    const req = { model: 'free', messages: [{ role: 'user' as const, content: 'hi' }], max_tokens: 10_000 };
    await expect(lenient.chat(req)).resolves.toMatchObject({ object: 'chat.completion' });
    await expect(lenient.chat(req)).resolves.toMatchObject({ object: 'chat.completion' });
    await lenient.close();
    const strict = await createTestGateway({ config: { models }, plugins: [testPrices, [quotaPlugin, { limits, rejectUnpriced: true }]] });
    await expect(strict.chat(req)).rejects.toMatchObject({ status: 400, apiCode: 'model_unpriced' });
    await strict.close();
  });
});
