// The bench's wire contract: request bodies, the upstream's scripted reply, and the checks every response must pass.

/** Model alias the bench asks the gateway for, and the upstream model behind it. */
export const BENCH_MODEL = 'bench';
export const UPSTREAM_MODEL = 'gpt-bench';

/** Number of content chunks in a streamed reply. */
export const STREAM_CHUNKS = 20;

/**
 * Marks every reply word. Nothing else in a reply contains it (ids are lowercase hex), so the checks can count
 * streamed content chunks by substring instead of parsing JSON, which keeps the wrk Lua check cheap.
 */
export const WORD_MARKER = 'Zq';

/** The reply, one word per streamed content chunk: `Zq00 Zq01 … Zq19`. */
export const REPLY = Array.from({ length: STREAM_CHUNKS }, (_, i) => `${WORD_MARKER}${String(i).padStart(2, '0')}`).join(' ');

/** Request bodies, identical for the gateway and the thin proxy. */
export const CHAT_BODY = JSON.stringify({ model: BENCH_MODEL, messages: [{ role: 'user', content: 'Say hello.' }] });
export const STREAM_BODY = JSON.stringify({
  model: BENCH_MODEL,
  messages: [{ role: 'user', content: 'Say hello.' }],
  stream: true,
  stream_options: { include_usage: true },
});

/** Headers every bench request sends. */
/** A gateway key of the bench's own (its hash is in gateway-config.js), so plugin-auth does real work. */
export const BENCH_KEY = 'sy-ar24653uf7wx-PfOCw0qwAWVSJvfcCVREKHtcxukDRXOOJ4WIKZUpWws';
export const REQUEST_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` };

/**
 * Checks a non-stream reply body; returns null when good, else why not.
 * @param {string} body
 */
export function checkChatBody(body) {
  if (!body.includes(REPLY)) return 'non-stream body lacks the expected content';
  if (!body.includes('chat.completion')) return 'non-stream body is not a chat.completion';
  return null;
}

/**
 * Checks a streamed SSE body: exactly STREAM_CHUNKS content chunks, a "stop" finish, usage, then [DONE].
 * The same rules, as plain substring searches, are in wrk-check.lua.
 * @param {string} body
 */
export function checkStreamBody(body) {
  const words = body.split(WORD_MARKER).length - 1;
  if (words !== STREAM_CHUNKS) return `stream has ${words} content chunks, expected ${STREAM_CHUNKS}`;
  if (!body.includes('"stop"')) return 'stream lacks finish_reason "stop"';
  if (!body.includes('"total_tokens"')) return 'stream lacks the usage chunk';
  if (!body.trimEnd().endsWith('data: [DONE]')) return 'stream does not end with data: [DONE]';
  return null;
}
