import { describe, expect, it } from 'vitest';
import { anthropicErrorToSwitchyard, anthropicProvider } from '../src/index.js';
import { fixtureJson } from './helpers.js';

const map = anthropicProvider.mapError;

describe('Anthropic error bodies -> retryability', () => {
  it('529 overloaded_error is retryable and honours retry-after', () => {
    expect(map(529, fixtureJson('error-overloaded.json'), { 'retry-after': '3' })).toEqual({
      message: 'Overloaded',
      code: 'overloaded_error',
      retryable: true,
      retryAfter: 3,
    });
  });

  it('429 rate_limit_error is retryable; a spend-limit 429 is not', () => {
    expect(map(429, fixtureJson('error-rate-limit.json'), { 'retry-after': '20' })).toMatchObject({
      code: 'rate_limit_error',
      retryable: true,
      retryAfter: 20,
    });
    expect(map(429, fixtureJson('error-spend-limit.json'), {})).toMatchObject({ code: 'rate_limit_error', retryable: false });
  });

  it('500 api_error is retryable; 400 and 401 are not', () => {
    expect(map(500, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }, {}).retryable).toBe(true);
    expect(map(400, fixtureJson('error-invalid-request.json'), {})).toEqual({
      message: 'messages.1.content.0.tool_result: tool_use_id not found',
      code: 'invalid_request_error',
      retryable: false,
      retryAfter: undefined,
    });
    expect(map(401, fixtureJson('error-authentication.json'), {})).toMatchObject({ code: 'authentication_error', retryable: false });
  });

  it('x-should-retry overrides the status', () => {
    expect(map(500, {}, { 'x-should-retry': 'false' }).retryable).toBe(false);
    expect(map(400, {}, { 'x-should-retry': 'true' }).retryable).toBe(true);
  });

  it('non-JSON bodies (proxy error pages) keep a short message', () => {
    expect(map(502, '<html>Bad gateway</html>', {})).toMatchObject({ message: '<html>Bad gateway</html>', retryable: true });
  });

  it('mid-stream error events map by type', () => {
    expect(anthropicErrorToSwitchyard('a', { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } })).toMatchObject({
      code: 'SY_ERR_RATE_LIMITED',
      upstreamStatus: 429,
      retryable: true,
    });
    expect(anthropicErrorToSwitchyard('a', { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } })).toMatchObject({
      code: 'SY_ERR_UPSTREAM',
      status: 400,
      retryable: false,
    });
  });
});
