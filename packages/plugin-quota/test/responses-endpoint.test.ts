// The quota plugin on the Responses surface: POST /v1/responses counts like chat, while reading or
// deleting a stored response (admission alone, a non-model endpoint) reserves and settles nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startQuotaServer } from './helpers.js';

let gw: Running;
beforeAll(async () => {
  gw = await startQuotaServer({ limits: [{ scope: 'key', requestsPerMinute: 2 }] });
});
afterAll(() => gw?.close());

const headers = { 'content-type': 'application/json', 'x-test-user': 'ana' };

describe('quota on /v1/responses', () => {
  it('stored-response reads do not spend the request budget; model requests do', async () => {
    const created = await fetch(`${gw.baseURL}/responses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'fast', input: 'hi' }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    const { id } = await created.json();
    for (let i = 0; i < 5; i++) {
      const read = await fetch(`${gw.baseURL}/responses/${id}`, { headers });
      expect(read.status).toBe(200);
    }
    const second = await fetch(`${gw.baseURL}/responses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'fast', input: 'again' }),
    });
    expect(second.status).toBe(200);
    const third = await fetch(`${gw.baseURL}/responses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'fast', input: 'over' }),
    });
    expect(third.status).toBe(429);
  });

  it('a limit can match the responses endpoint alone', async () => {
    const only = await startQuotaServer({ limits: [{ scope: 'global', match: { endpoint: 'responses' }, requestsPerMinute: 1 }] });
    try {
      const post = () =>
        fetch(`${only.baseURL}/responses`, { method: 'POST', headers, body: JSON.stringify({ model: 'fast', input: 'hi' }) });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(429);
      const chat = await fetch(`${only.baseURL}/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(chat.status).toBe(200);
    } finally {
      await only.close();
    }
  });
});
