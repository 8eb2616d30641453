// Before any load: one non-stream and one stream request per target, so a broken route fails fast with its body.
import { CHAT_BODY, checkChatBody, checkStreamBody, REQUEST_HEADERS, STREAM_BODY } from './wire.js';

/**
 * @param {string} origin
 * @returns {Promise<string | null>} what was wrong, or null when both replies pass their checks
 */
export async function probeTarget(origin) {
  for (const [body, check] of [
    [CHAT_BODY, checkChatBody],
    [STREAM_BODY, checkStreamBody],
  ]) {
    let res;
    try {
      res = await fetch(`${origin}/v1/chat/completions`, { method: 'POST', headers: REQUEST_HEADERS, body });
    } catch (err) {
      return `request failed: ${err.cause?.message ?? err.message}`;
    }
    const text = await res.text();
    const why = res.status === 200 ? check(text) : `status ${res.status}`;
    if (why) return `${why}\n${text.slice(0, 1500)}`;
  }
  return null;
}
