import { describe, expect, it } from 'vitest';
import { mistralProvider } from '../src/index.js';
import { fixtureJson } from './helpers.js';

const mapError = (status: number, body: unknown, headers: Record<string, string> = {}) => mistralProvider.mapError(status, body, headers);

describe('mistral error mapping', () => {
  it('422 with detail inside message: one readable line per field, code from the detail type', () => {
    expect(mapError(422, fixtureJson('error-422-message-detail.json'))).toEqual({
      message: 'Invalid request: messages.0.user.name: Extra inputs are not permitted; stream_options: Extra inputs are not permitted',
      code: 'extra_forbidden',
      retryable: false,
      retryAfter: undefined,
    });
  });

  it('422 with a top-level detail array (and message mirroring it)', () => {
    expect(mapError(422, fixtureJson('error-422-top-level-detail.json'))).toMatchObject({
      message: 'Invalid request: tools: Extra inputs are not permitted',
      code: 'extra_forbidden',
      retryable: false,
    });
  });

  it('422 whose message is the JSON-encoded detail', () => {
    expect(mapError(422, fixtureJson('error-422-message-string.json')).message).toBe(
      'Invalid request: seed: Extra inputs are not permitted',
    );
  });

  it('shows the first five details and counts the rest', () => {
    expect(mapError(422, fixtureJson('error-422-many.json')).message).toBe(
      'Invalid request: logprobs: Extra inputs are not permitted; top_logprobs: Extra inputs are not permitted; store: Extra inputs are not permitted; service_tier: Extra inputs are not permitted; user: Extra inputs are not permitted (and 2 more)',
    );
  });

  it('400 tool-call id: the message passes, the type is the code', () => {
    expect(mapError(400, fixtureJson('error-400-tool-call-id.json'))).toMatchObject({
      message: 'Tool call id was call_abc123 but must be a-z, A-Z, 0-9, with a length of 9.',
      code: 'invalid_request_error',
      retryable: false,
    });
  });

  it('429 is retryable, with the rate_limited type as code and retry-after honoured', () => {
    expect(mapError(429, fixtureJson('error-429-rate-limited.json'), { 'retry-after': '2' })).toEqual({
      message: 'Rate limit exceeded',
      code: 'rate_limited',
      retryable: true,
      retryAfter: 2,
    });
  });

  it('401 {"message":"Unauthorized"} and {"detail":"Unauthorized"}', () => {
    expect(mapError(401, fixtureJson('error-401.json')).message).toBe('Unauthorized');
    expect(mapError(401, { detail: 'Unauthorized' }).message).toBe('Unauthorized');
  });

  it('a plain-text 502 from a proxy', () => {
    expect(mapError(502, 'upstream connect error or disconnect/reset before headers')).toMatchObject({
      message: 'upstream connect error or disconnect/reset before headers',
      retryable: true,
    });
  });
});
