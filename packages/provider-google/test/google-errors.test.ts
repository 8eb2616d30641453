import { describe, expect, it } from 'vitest';
import { googleProvider } from '../src/index.js';
import { parseGoogleDuration } from '../src/map-google-error.js';
import { fixtureJson } from './helpers.js';

const map = (status: number, body: unknown) => googleProvider.mapError(status, body, {});

describe('mapError', () => {
  it('reads a 429 RESOURCE_EXHAUSTED with RetryInfo: retryable, retryAfter from retryDelay', () => {
    expect(map(429, fixtureJson('error-429-resource-exhausted.json'))).toEqual({
      message: expect.stringContaining('You exceeded your current quota'),
      code: 'resource_exhausted',
      retryable: true,
      retryAfter: 27.314,
    });
  });

  it('reads an unknown-field 400 as a non-retryable invalid_argument', () => {
    expect(map(400, fixtureJson('error-400-unknown-field.json'))).toEqual({
      message: 'Invalid JSON payload received. Unknown name "max_tokens" at \'generation_config\': Cannot find field.',
      code: 'invalid_argument',
      retryable: false,
      retryAfter: undefined,
    });
  });

  it('reports a bad key by its ErrorInfo reason, although Gemini says 400', () => {
    expect(map(400, fixtureJson('error-400-api-key-invalid.json'))).toMatchObject({ code: 'api_key_invalid', retryable: false });
  });

  it.each([
    [503, 'error-503-unavailable.json', 'unavailable'],
    [500, 'error-500-internal.json', 'internal'],
  ])('treats %i as retryable', (status, file, code) => {
    expect(map(status, fixtureJson(file))).toMatchObject({ code, retryable: true, retryAfter: undefined });
  });

  it('treats 504 as retryable and 403 as not', () => {
    expect(map(504, { error: { code: 504, message: 'Deadline expired', status: 'DEADLINE_EXCEEDED' } }).retryable).toBe(true);
    expect(map(403, { error: { code: 403, message: 'denied', status: 'PERMISSION_DENIED' } }).retryable).toBe(false);
  });

  it('reads errors wrapped in an array (the alt=json streaming shape)', () => {
    expect(map(429, [fixtureJson('error-429-resource-exhausted.json')])).toMatchObject({ retryAfter: 27.314 });
  });

  it('survives bodies that are not Google JSON', () => {
    expect(map(502, '<html><body>Bad Gateway</body></html>')).toEqual({ message: 'HTTP 502', retryable: false });
    expect(map(500, 'upstream connect error')).toEqual({ message: 'upstream connect error', retryable: true });
    expect(map(500, null)).toEqual({ message: 'HTTP 500', retryable: true });
  });

  it.each([
    ['30s', 30],
    ['1.5s', 1.5],
    ['0.000250s', 0.00025],
    ['30', undefined],
    [30, undefined],
  ])('parses protobuf duration %j', (value, seconds) => {
    expect(parseGoogleDuration(value)).toBe(seconds);
  });
});
