/** @module Recorded wire fixtures beside a test file (`./__fixtures__/`), and collecting an async iterable. */
import { readFileSync } from 'node:fs';

/**
 * @example
 * const fx = fixtures(import.meta.url);
 * const body = fx.json('chat-response.json');
 */
export function fixtures(testFileUrl: string | URL) {
  const dir = new URL('./__fixtures__/', testFileUrl);
  const bytes = (name: string): Buffer => readFileSync(new URL(name, dir));
  const text = (name: string): string => bytes(name).toString('utf8');
  return { bytes, text, json: <T = any>(name: string): T => JSON.parse(text(name)) as T };
}

/** Every item of an async iterable (a chunk stream), in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
