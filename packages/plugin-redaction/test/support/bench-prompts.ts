// Deterministic 100 KB prompts for the scan-time measurement: a mixed prompt (prose, a code file, a
// JSON tool result, a few log lines: what a long RAG or coding prompt looks like) and a digit-dense
// one (CSV rows and logs full of ids, dates, amounts and versions: the worst case for the numeric
// detectors). Neither contains PII, so the scan measures the search, not the masking.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were ' +
  'gateway request response model stream token budget latency provider cache retry fallback policy customer account ' +
  'report quarter revenue growth market product team engineering design review release deploy service cluster region ' +
  'however therefore although because whereas meanwhile finally first second third summary analysis result conclusion'
).split(' ');

const CODE = `export async function handle(req: Request, ctx: Context): Promise<Response> {
  const body = await req.json();
  if (!body || typeof body.model !== 'string') throw new HttpError(400, 'model is required');
  const plan = router.plan(body.model, { retries: 2, timeoutMs: 30_000 });
  for (const target of plan.targets) {
    try {
      const res = await client.send(target, body, { signal: ctx.signal });
      metrics.observe('latency_ms', performance.now() - ctx.start, { provider: target.provider });
      return res;
    } catch (err) {
      if (!isRetryable(err)) throw err;
      logger.warn({ err, attempt: ctx.attempts++ }, 'retrying');
    }
  }
  return new Response(null, { status: 503 });
}
`;

function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.02) out.push(String(Math.floor(r() * 2000)));
    else out.push(WORDS[Math.floor(r() * WORDS.length)] as string);
  }
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${r() < 0.15 ? ':' : '.'} `;
}

function jsonRow(r: () => number, i: number): string {
  return `{"id":${1000 + i},"sku":"SKU-${Math.floor(r() * 99999)}","qty":${Math.floor(r() * 40)},"price":${(r() * 500).toFixed(2)},"status":"${r() < 0.5 ? 'shipped' : 'pending'}","updated":"2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}"}`;
}

function logLine(r: () => number, i: number): string {
  return `2024-05-1${i % 10}T12:${String(10 + (i % 50)).padStart(2, '0')}:0${i % 10}.${Math.floor(r() * 999)}Z INFO request_id=${Math.floor(r() * 1e9).toString(16)} status=200 duration_ms=${Math.floor(r() * 900)} bytes=${Math.floor(r() * 90000)} version=1.${i % 9}.${i % 7}`;
}

/** About 100 KB: prose paragraphs with a code file, JSON rows and log lines between them. */
export function mixedPrompt(size = 100_000): string {
  const r = rng(42);
  let s = '';
  let i = 0;
  while (s.length < size) {
    const k = i % 10;
    if (k === 3) s += `\n\`\`\`ts\n${CODE}\`\`\`\n`;
    else if (k === 6) s += `\n[${Array.from({ length: 6 }, (_, j) => jsonRow(r, i * 10 + j)).join(',')}]\n`;
    else if (k === 8) s += `\n${Array.from({ length: 4 }, (_, j) => logLine(r, i * 10 + j)).join('\n')}\n`;
    else for (let p = 0; p < 6; p++) s += sentence(r);
    s += '\n\n';
    i++;
  }
  return s.slice(0, size);
}

/** About 100 KB of CSV and log lines: ids, dates, amounts and versions on every line. */
export function digitDensePrompt(size = 100_000): string {
  const r = rng(7);
  let s = 'order_id,customer_id,date,amount,currency,items,version\n';
  let i = 0;
  while (s.length < size) {
    s +=
      i % 3 === 2
        ? `${logLine(r, i)}\n`
        : `${100000 + i},${Math.floor(r() * 1e7)},2024-0${1 + (i % 9)}-${10 + (i % 18)},${(r() * 9999).toFixed(2)},EUR,${Math.floor(r() * 20)},2.${i % 13}.${i % 5}\n`;
    i++;
  }
  return s.slice(0, size);
}
