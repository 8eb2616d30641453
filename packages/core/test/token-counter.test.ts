// Token counting is linear and bounded in time, and stays close to the real tokenizer on real text.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens as realCount } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTokens, estimateUsage, loadTokenCounter, OutputText } from '../src/index.js';

/** Deterministic CJK ideographs without spaces or punctuation: one pre-tokenized "word". */
function cjkRun(n: number): string {
  let x = 12345;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(String.fromCharCode(0x4e00 + (x % 20000)));
  }
  return out.join('');
}

/** A realistic multilingual corpus: Biome's README in 12 languages (a root dev dependency) and core's sources. */
function corpus(): { name: string; text: string }[] {
  const require = createRequire(import.meta.url);
  const biome = dirname(require.resolve('@biomejs/biome/package.json'));
  const docs = readdirSync(biome)
    .filter((f) => /^README.*\.md$/.test(f))
    .map((f) => ({ name: f, text: readFileSync(join(biome, f), 'utf8') }));
  const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ name: f, text: readFileSync(join(srcDir, f), 'utf8') }));
  return [...docs, ...sources];
}

describe('linear token counting', () => {
  it('counts 3M characters of one CJK run and of one repeated letter in well under a second each', async () => {
    const count = await loadTokenCounter();
    for (const text of [cjkRun(3_000_000), 'a'.repeat(3_000_000)]) {
      const t0 = performance.now();
      const n = count(text);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(n).toBeGreaterThan(text.length / 10);
      expect(n).toBeLessThanOrEqual(text.length * 2);
    }
  }, 10_000);

  it('a long count lets the event loop run (timers keep firing)', async () => {
    const text = cjkRun(3_000_000);
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 2);
    try {
      last = performance.now();
      expect(await countTokens(text)).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
    expect(worstGap).toBeLessThan(100);
  }, 10_000);

  it('matches the real tokenizer on real documents up to 32K characters (1 % each, 0.1 % in sum)', async () => {
    const count = await loadTokenCounter();
    const docs = corpus().filter((d) => d.text.length <= 32_768 && d.text.length > 2000);
    expect(docs.length).toBeGreaterThan(20);
    let real = 0;
    let ours = 0;
    for (const d of docs) {
      const r = realCount(d.text);
      const o = count(d.text);
      // Per document within 1 % (pieces cut inside long code runs can differ by a token or two); the sum within 0.1 %.
      expect(Math.abs(o - r) / r, d.name).toBeLessThan(0.01);
      real += r;
      ours += o;
    }
    expect(Math.abs(ours - real) / real).toBeLessThan(0.001);
  });

  it('estimates texts beyond 32K characters within 5% of the real tokenizer', async () => {
    const count = await loadTokenCounter();
    const parts = corpus();
    const docs = parts.filter((p) => p.name.endsWith('.md')).map((p) => p.text);
    const code = parts.filter((p) => p.name.endsWith('.ts')).map((p) => p.text);
    const mixes = [docs.join('\n'), code.join('\n'), [...code, ...docs].join('\n'), [...docs, ...code, ...docs].join('\n')];
    for (const text of mixes) {
      expect(text.length).toBeGreaterThan(32_768);
      const r = realCount(text);
      expect(Math.abs(count(text) - r) / r).toBeLessThan(0.05);
    }
  });
});

describe('stream output kept for counting', () => {
  it('keeps at most 1M characters of a long output and scales the count to all of it', async () => {
    const out = new OutputText();
    const piece = 'The gateway streams another sentence of output. ';
    for (let i = 0; i < 100_000; i++) out.add({ type: 'text', delta: piece });
    expect(out.length).toBe(piece.length * 100_000);
    expect(out.text.length).toBeLessThanOrEqual(1 << 20);
    const usage = await estimateUsage(undefined, out);
    const exact = realCount(piece.repeat(1000)) * 100;
    expect(Math.abs(usage.completion_tokens - exact) / exact).toBeLessThan(0.01);
  });

  it('pass-through chunks are read for counting whether or not they were folded', async () => {
    const chunk = (s: string) => JSON.stringify({ choices: [{ index: 0, delta: { content: s } }] });
    const small = new OutputText();
    small.add({ type: 'raw', data: chunk('hello ') });
    small.add({ type: 'text', delta: 'world' });
    expect(small.text).toContain('hello ');
    expect(small.length).toBe('hello world'.length);
    const big = new OutputText();
    for (let i = 0; i < 200_000; i++) big.add({ type: 'raw', data: chunk('word ') });
    expect(big.length).toBe(200_000 * 5);
  });
});
