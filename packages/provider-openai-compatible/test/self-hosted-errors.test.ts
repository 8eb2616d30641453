import { describe, expect, it } from 'vitest';
import { openaiCompatibleProvider } from '../src/index.js';
import { fixtureJson, fixtureText } from './helpers.js';

const mapError = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  openaiCompatibleProvider.mapError(status, body, headers);

describe('openai-compatible error mapping', () => {
  it('vllm {"object":"error"}: its message, and its type as code instead of the number', () => {
    expect(mapError(400, fixtureJson('vllm-error-400.json'))).toMatchObject({
      message: expect.stringContaining('maximum context length is 4096 tokens'),
      code: 'BadRequestError',
      retryable: false,
    });
  });

  it('ollama 404 model not found: try the next target', () => {
    expect(mapError(404, fixtureJson('ollama-error-404.json'))).toMatchObject({
      message: 'model "llama9" not found, try pulling it first',
      code: 'api_error',
      fallback: true,
      retryable: false,
    });
  });

  it('tgi {"error": "...", "error_type"}', () => {
    expect(mapError(422, fixtureJson('tgi-error-422.json'))).toMatchObject({
      message: expect.stringContaining('Input validation error'),
      code: 'validation',
      retryable: false,
    });
  });

  it('lmstudio {"error": "..."}', () => {
    expect(mapError(400, fixtureJson('lmstudio-error.json')).message).toMatch(/^No models loaded/);
  });

  it('a plain-text 500 is retryable with its text as the message', () => {
    expect(mapError(500, fixtureText('llamacpp-error-500.txt'))).toEqual({
      message: 'Internal Server Error',
      code: undefined,
      retryable: true,
      retryAfter: undefined,
    });
  });

  it('llama.cpp 503 while loading the model is retryable', () => {
    expect(mapError(503, { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } })).toMatchObject({
      message: 'Loading model',
      code: 'unavailable_error',
      retryable: true,
    });
  });
});
