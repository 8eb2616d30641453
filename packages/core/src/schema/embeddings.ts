/** @module Canonical embeddings request and response (OpenAI shape). */
import { z } from 'zod';
import type { Usage } from './usage.js';

export const EmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequestSchema>;

export interface Embedding {
  object: 'embedding';
  index: number;
  /** float array, or little-endian float32 base64 when `encoding_format: "base64"` was asked for. */
  embedding: number[] | string;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage: Pick<Usage, 'prompt_tokens' | 'total_tokens' | 'estimated'>;
}

/** Encodes a vector the way the OpenAI API does for `encoding_format: "base64"`. */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const buf = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) buf.writeFloatLE(vector[i] as number, i * 4);
  return buf.toString('base64');
}

export function decodeEmbeddingBase64(b64: string): number[] {
  const buf = Buffer.from(b64, 'base64');
  const out = new Array<number>(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}
