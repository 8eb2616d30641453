import { describe, expect, it } from 'vitest';
import { openaiProvider } from '../src/index.js';
import { fixtureJson, fixtureText } from './fixtures.js';

const map = (status: number, body: unknown, headers: Record<string, string> = {}) => openaiProvider.mapError(status, body, headers);

describe('openai mapError', () => {
  it('401 invalid_api_key: message and code from the body, not retryable (core falls back on 401 itself)', () => {
    expect(map(401, fixtureJson('error-401.json'))).toEqual({
      message: expect.stringContaining('Incorrect API key provided'),
      code: 'invalid_api_key',
      retryable: false,
      retryAfter: undefined,
    });
  });

  it('403 and 404 are not retryable and keep the upstream code; an unknown model falls back to the next target', () => {
    expect(map(404, fixtureJson('error-404-model.json'))).toMatchObject({ code: 'model_not_found', retryable: false, fallback: true });
    expect(
      map(403, {
        error: {
          message: 'Country, region, or territory not supported',
          type: 'request_forbidden',
          code: 'unsupported_country_region_territory',
        },
      }),
    ).toMatchObject({
      code: 'unsupported_country_region_territory',
      retryable: false,
    });
  });

  it('400 context_length_exceeded is not retryable and does not fall back (every target would refuse it)', () => {
    const info = map(400, fixtureJson('error-400-context.json'));
    expect(info).toMatchObject({ code: 'context_length_exceeded', retryable: false });
    expect(info.fallback).toBeUndefined();
  });

  it('429 insufficient_quota is not retried but falls back: retrying cannot refill a billing quota', () => {
    expect(map(429, fixtureJson('error-429-quota.json'))).toMatchObject({ code: 'insufficient_quota', retryable: false, fallback: true });
  });

  it('429 is retryable with retry-after seconds, and retry-after-ms wins over retry-after', () => {
    expect(map(429, fixtureJson('error-429.json'), { 'retry-after': '20' })).toMatchObject({
      code: 'rate_limit_exceeded',
      retryable: true,
      retryAfter: 20,
    });
    expect(map(429, fixtureJson('error-429.json'), { 'retry-after': '20', 'retry-after-ms': '140' })).toMatchObject({ retryAfter: 0.14 });
  });

  it('5xx are retryable; a plain-text body is the message; an HTML error page yields its title', () => {
    expect(map(500, 'upstream connect error or disconnect/reset before headers')).toEqual({
      message: 'upstream connect error or disconnect/reset before headers',
      code: undefined,
      retryable: true,
      retryAfter: undefined,
    });
    expect(map(502, fixtureText('error-502.html'))).toMatchObject({ message: '502 Bad Gateway', retryable: true });
    expect(map(503, '')).toMatchObject({ message: 'HTTP 503', retryable: true });
  });

  it('408 and 409 are retryable; x-should-retry overrides the status rule both ways', () => {
    expect(map(408, { error: { message: 'timeout' } }).retryable).toBe(true);
    expect(map(409, { error: { message: 'conflict' } }).retryable).toBe(true);
    expect(map(429, fixtureJson('error-429.json'), { 'x-should-retry': 'false' }).retryable).toBe(false);
    expect(map(400, { error: { message: 'transient' } }, { 'x-should-retry': 'true' }).retryable).toBe(true);
  });

  it('reads Azure bodies (string codes, no type) and other servers’ shapes', () => {
    expect(map(429, fixtureJson('azure-error-429.json'), { 'retry-after': '7' })).toMatchObject({
      code: '429',
      retryable: true,
      retryAfter: 7,
    });
    expect(map(404, fixtureJson('azure-error-404.json'))).toMatchObject({
      code: 'DeploymentNotFound',
      message: expect.stringContaining('deployment'),
    });
    expect(map(400, { object: 'error', message: 'max_tokens is too large', type: 'BadRequestError', code: 400 })).toMatchObject({
      message: 'max_tokens is too large',
      code: '400',
    });
    expect(map(422, { detail: [{ loc: ['body', 'seed'], msg: 'extra fields not permitted' }] }).message).toContain(
      'extra fields not permitted',
    );
    expect(map(500, { error: 'model crashed' })).toMatchObject({ message: 'model crashed', retryable: true });
  });
});
