/**
 * @module Local embeddings: character trigrams hashed into a fixed-size vector (the hashing trick, with
 * a sign bit against collisions), L2-normalised. Texts sharing many trigrams get a high cosine
 * similarity, which is what semantic-cache tests need, with no model and no network.
 */
import { fnv1a } from './hash.js';

const N = 3;

export function embedText(text: string, dimensions: number): number[] {
  const v = new Float64Array(dimensions);
  // Boundary spaces let the first and last characters form their own trigrams.
  const s = ` ${text.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  const add = (start: number, end: number) => {
    const h = fnv1a(s, start, end);
    const i = h % dimensions;
    v[i] = (v[i] as number) + (h & 0x80000000 ? -1 : 1);
  };
  if (s.length < N) add(0, s.length);
  else for (let i = 0; i + N <= s.length; i++) add(i, i + N);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += (v[i] as number) * (v[i] as number);
  norm = Math.sqrt(norm) || 1;
  const out = new Array<number>(dimensions);
  // Seven decimals keep the JSON short; float32 (base64) cannot hold more anyway.
  for (let i = 0; i < dimensions; i++) out[i] = Math.round(((v[i] as number) / norm) * 1e7) / 1e7;
  return out;
}
