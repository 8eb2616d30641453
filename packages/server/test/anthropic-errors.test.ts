import { SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { anthropicErrorType, toAnthropicError } from '../src/anthropic/anthropic-errors.js';

describe('toAnthropicError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [415, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
  ])('status %i -> %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });

  it('catalog errors keep their status and get the Anthropic body', () => {
    const r = toAnthropicError(new SwitchyardError('SY_ERR_MODEL_NOT_FOUND', 'Unknown model "x"', { param: 'model' }), 'req_9');
    expect(r).toEqual({
      status: 404,
      headers: { 'x-should-retry': 'false' },
      body: { type: 'error', error: { type: 'not_found_error', message: 'Unknown model "x"' }, request_id: 'req_9' },
    });
  });

  it('rate limits carry retry-after', () => {
    const r = toAnthropicError(new SwitchyardError('SY_ERR_RATE_LIMITED', 'slow down', { retryAfter: 1.2 }));
    expect(r.status).toBe(429);
    expect(r.headers).toMatchObject({ 'retry-after': '2', 'x-should-retry': 'true' });
    expect(r.body.error.type).toBe('rate_limit_error');
  });

  it('an upstream credentials failure (502) keeps x-should-retry: false, so the SDK does not resend it', () => {
    const r = toAnthropicError(
      new SwitchyardError('SY_ERR_UPSTREAM', 'Provider "a" returned 401: invalid key', {
        upstreamStatus: 401,
        headers: { 'x-should-retry': 'false' },
      }),
    );
    expect(r.status).toBe(502);
    expect(r.headers['x-should-retry']).toBe('false');
  });

  it('an upstream 529 answers 529 overloaded_error, which the SDK retries', () => {
    const r = toAnthropicError(
      new SwitchyardError('SY_ERR_UPSTREAM', 'Provider "a" returned 529: Overloaded', { upstreamStatus: 529, retryable: true }),
    );
    expect(r.status).toBe(529);
    expect(r.body.error.type).toBe('overloaded_error');
    expect(toAnthropicError(new SwitchyardError('SY_ERR_NO_HEALTHY_TARGET', 'none')).status).toBe(529);
  });

  it('validation errors are invalid_request_error; foreign errors are an opaque api_error', () => {
    expect(toAnthropicError(new SwitchyardError('SY_ERR_INVALID_REQUEST', 'max_tokens: Required')).body.error).toEqual({
      type: 'invalid_request_error',
      message: 'max_tokens: Required',
    });
    const r = toAnthropicError(new Error('secret stack detail'));
    expect(r.status).toBe(500);
    expect(r.body.error).toEqual({ type: 'api_error', message: 'Internal gateway error' });
  });
});
