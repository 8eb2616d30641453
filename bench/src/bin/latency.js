// Process entry: 1-connection latency probe, targets interleaved request by request; prints BENCH_RESULT JSON.
import { Client } from 'undici';
import { CHAT_BODY, checkChatBody, checkStreamBody, REQUEST_HEADERS, STREAM_BODY } from '../wire.js';

/** @type {{ targets: { name: string, origin: string }[], requests: number, warmup: number }} */
const { targets, requests, warmup } = JSON.parse(process.argv[2]);

const median = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** One request: ms to the first body byte, ms to the end, and why it failed its check (null when it passed). */
async function timeOne(client, body, check) {
  const start = process.hrtime.bigint();
  const res = await client.request({ method: 'POST', path: '/v1/chat/completions', headers: REQUEST_HEADERS, body });
  let firstMs = Number.NaN;
  let text = '';
  for await (const chunk of res.body) {
    if (Number.isNaN(firstMs)) firstMs = since(start);
    text += chunk;
  }
  const totalMs = since(start);
  return { firstMs, totalMs, why: res.statusCode === 200 ? check(text) : `status ${res.statusCode}: ${text.slice(0, 200)}` };
}

const runs = targets.map((t) => ({ ...t, client: new Client(t.origin, { pipelining: 1 }), chat: [], ttfb: [], bad: 0, firstBad: '' }));
const record = (run, { why }) => {
  if (!why) return;
  run.bad++;
  run.firstBad ||= why;
};
for (let i = 0; i < warmup + requests; i++) {
  // Alternate which target goes first so neither always runs right after the other.
  for (const run of i % 2 === 0 ? runs : runs.toReversed()) {
    const chat = await timeOne(run.client, CHAT_BODY, checkChatBody);
    const stream = await timeOne(run.client, STREAM_BODY, checkStreamBody);
    record(run, chat);
    record(run, stream);
    if (i < warmup) continue;
    run.chat.push(chat.totalMs);
    run.ttfb.push(stream.firstMs);
  }
}
await Promise.all(runs.map((r) => r.client.close()));

const result = {};
for (const r of runs) {
  result[r.name] = { requests: r.chat.length, chatMs: median(r.chat), ttfbMs: median(r.ttfb), bad: r.bad, firstBad: r.firstBad };
}
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
