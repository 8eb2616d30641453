import { describe, expect, it } from 'vitest';
import { engine, json, post, user } from './helpers.js';

const body = (model: string) => ({ model, messages: [user('x')] });

describe('mock failures', () => {
  it('fail-<status> answers that status with an OpenAI error body', () => {
    const e = engine();
    const r500 = post(e, body('fail-500'));
    expect(r500.status).toBe(500);
    expect(json(r500)).toEqual({
      error: { message: expect.stringContaining('server had an error'), type: 'server_error', param: null, code: null },
    });
    const r404 = post(e, body('gpt-x+fail-404'));
    expect(json(r404).error).toMatchObject({ code: 'model_not_found', message: expect.stringContaining('`gpt-x+fail-404`') });
  });

  it('fail-429 carries retry-after (default 1 s) and retry-after-<ms> sets it', () => {
    const e = engine();
    expect(post(e, body('fail-429')).headers).toMatchObject({ 'retry-after': '1', 'retry-after-ms': '1000' });
    const custom = post(e, body('fail-429+retry-after-2500'));
    expect(custom.headers).toMatchObject({ 'retry-after': '3', 'retry-after-ms': '2500' });
    expect(json(custom).error.code).toBe('rate_limit_exceeded');
  });

  it('plain gives a text body', () => {
    const ex = post(engine(), body('fail-502+plain'));
    expect(ex.status).toBe(502);
    expect(ex.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(ex.frames.join('')).toBe('Bad Gateway');
  });

  it('flaky-<n> fails the first n requests of that model, then succeeds; counters are per engine', () => {
    const e = engine();
    expect([1, 2, 3, 4].map(() => post(e, body('flaky-2')).status)).toEqual([503, 503, 200, 200]);
    expect(post(e, body('flaky-2+fail-429')).status).toBe(429);
    expect(post(e, body('flaky-1')).headers['retry-after']).toBeUndefined();
    expect(post(engine(), body('flaky-2')).status).toBe(503);
  });

  it('scripted failures from options', () => {
    const e = engine({ models: { down: { fail: { status: 503, message: 'maintenance', times: 1 } } } });
    expect(json(post(e, body('down'))).error.message).toBe('maintenance');
    expect(post(e, body('down')).status).toBe(200);
  });

  it('slow-<ms> delays the headers and never caches a failing model', () => {
    const e = engine();
    expect(post(e, body('slow-40')).latencyMs).toBe(40);
    expect(post(e, body('fail-500')).status).toBe(500);
    expect(post(e, body('fail-500')).status).toBe(500);
  });
});
