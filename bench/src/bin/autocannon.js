// Process entry: one autocannon load (the fallback when wrk is missing), checking every body; prints BENCH_RESULT JSON.
import autocannon from 'autocannon';
import { CHAT_BODY, checkChatBody, checkStreamBody, REQUEST_HEADERS, STREAM_BODY } from '../wire.js';

const { url, stream, connections, durationS, unique } = JSON.parse(process.argv[2]);
const check = stream ? checkStreamBody : checkChatBody;
const body = stream ? STREAM_BODY : CHAT_BODY;
let bad = 0;
let firstBad = '';
let counter = 0;

const fail = (why) => {
  bad++;
  firstBad ||= why;
};

const result = await autocannon({
  url,
  connections,
  duration: durationS,
  timeout: 5,
  requests: [
    {
      method: 'POST',
      headers: REQUEST_HEADERS,
      body,
      // Rewriting the body per request makes each one a cache miss; only when asked, as it costs load-generator CPU.
      ...(unique && { setupRequest: (req) => ({ ...req, body: body.replace('"content":"', `"content":"#${++counter} `) }) }),
      onResponse: (status, resBody) => {
        if (status !== 200) return fail(`status ${status}: ${String(resBody).slice(0, 200)}`);
        const why = check(String(resBody));
        if (why) fail(why);
      },
    },
  ],
});

process.stdout.write(
  `BENCH_RESULT ${JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bad,
    non2xx: result.non2xx,
    socketErrors: result.errors + result.timeouts,
    firstBad,
  })}\n`,
);
