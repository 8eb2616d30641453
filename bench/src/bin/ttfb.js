// Process entry: time to first streamed byte at 1 connection, targets interleaved request by request; prints BENCH_RESULT JSON.
import { Client } from 'undici';
import { checkStreamBody, REQUEST_HEADERS, STREAM_BODY } from '../wire.js';

/** @type {{ targets: { name: string, origin: string }[], requests: number, warmup: number }} */
const { targets, requests, warmup } = JSON.parse(process.argv[2]);

const median = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** One streamed request: ms to the first body chunk, ms to the end, and the check's verdict. */
async function timeOne(client) {
  const start = process.hrtime.bigint();
  const { statusCode, body } = await client.request({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: REQUEST_HEADERS,
    body: STREAM_BODY,
  });
  let first = 0n;
  let text = '';
  for await (const chunk of body) {
    if (first === 0n) first = process.hrtime.bigint();
    text += chunk;
  }
  const end = process.hrtime.bigint();
  const why = statusCode === 200 ? checkStreamBody(text) : `status ${statusCode}: ${text.slice(0, 200)}`;
  return { ttfbMs: Number((first || end) - start) / 1e6, totalMs: Number(end - start) / 1e6, why };
}

const runs = targets.map((t) => ({ ...t, client: new Client(t.origin, { pipelining: 1 }), ttfb: [], total: [], bad: 0, firstBad: '' }));
for (let i = 0; i < warmup + requests; i++) {
  // Alternate which target goes first so neither always follows the other's request.
  const order = i % 2 === 0 ? runs : runs.slice().reverse();
  for (const run of order) {
    const { ttfbMs, totalMs, why } = await timeOne(run.client);
    if (why) {
      run.bad++;
      run.firstBad ||= why;
    }
    if (i < warmup) continue;
    run.ttfb.push(ttfbMs);
    run.total.push(totalMs);
  }
}
await Promise.all(runs.map((r) => r.client.close()));

const result = {};
for (const r of runs)
  result[r.name] = { requests: r.ttfb.length, ttfbMs: median(r.ttfb), totalMs: median(r.total), bad: r.bad, firstBad: r.firstBad };
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
