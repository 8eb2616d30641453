// The plugin's parts tested directly: options, custom patterns and their ReDoS guard, deny-lists,
// placeholder assignment, JSON-aware masking, overlap merging, and restore in answers and streams.
import type { StreamPart } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { DetectorSet } from '../src/detector-set.js';
import { BUILTIN_DETECTORS } from '../src/detectors/builtin-detectors.js';
import { checkCustomPattern, customPatternDetector } from '../src/detectors/custom-pattern.js';
import { denyListDetector } from '../src/detectors/deny-list.js';
import type { Detector } from '../src/detectors/detector.js';
import { BUILTIN_NAMES, redactionOptionsSchema } from '../src/index.js';
import type { RedactionMode } from '../src/options.js';
import { RequestRedaction } from '../src/request-redaction.js';
import { restoreResponse } from '../src/restore-response.js';
import { streamRestorer } from '../src/stream-restorer.js';

const schema = redactionOptionsSchema(BUILTIN_NAMES);

function redaction(mode: RedactionMode = 'mask', extra: { detector: Detector; mode: RedactionMode }[] = []): RequestRedaction {
  const set = new DetectorSet([...BUILTIN_DETECTORS.map((detector) => ({ detector, mode })), ...extra]);
  return new RequestRedaction(set, 10_000);
}

describe('options', () => {
  it('accepts {} as every built-in detector, masking, over every scope', () => {
    const o = schema.parse({});
    expect(o).toMatchObject({ mode: 'mask', scope: ['system', 'messages', 'tool_arguments', 'tool_results'], custom: [], denyLists: [] });
    expect(o.detectors).toBeUndefined();
    expect(o.maxScanMs).toBe(250);
  });

  it('takes detectors as a list or as a map of name to mode, and names an unknown one', () => {
    expect(schema.parse({ detectors: ['email', 'iban'] }).detectors).toEqual(['email', 'iban']);
    expect(schema.parse({ detectors: { email: 'restore', credit_card: 'block' } }).detectors).toEqual({
      email: 'restore',
      credit_card: 'block',
    });
    const bad = schema.safeParse({ detectors: ['email', 'passport'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/unknown detector; known: .*email/);
    expect(schema.safeParse({ mode: 'redact' }).success).toBe(false);
    expect(schema.safeParse({ scope: ['headers'] }).success).toBe(false);
    expect(schema.safeParse({ surprise: true }).success).toBe(false);
  });

  it('refuses custom patterns with catastrophic backtracking, saying why, and accepts safe ones', () => {
    expect(checkCustomPattern('EMP-\\d{6}')).toEqual({ ok: true });
    expect(checkCustomPattern('(a+)+$')).toMatchObject({ ok: false, reason: expect.stringMatching(/^exponential backtracking/) });
    expect(checkCustomPattern('^(a|a)+$')).toMatchObject({ ok: false, reason: expect.stringMatching(/^exponential/) });
    expect(checkCustomPattern('\\d+\\d+x')).toMatchObject({ ok: false, reason: expect.stringMatching(/^polynomial backtracking/) });
    expect(checkCustomPattern('[a-z]+@[a-z]+\\.com')).toMatchObject({ ok: false, reason: expect.stringMatching(/^polynomial/) });
    expect(checkCustomPattern('(unclosed')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a valid regular expression/) });
    expect(checkCustomPattern('x*')).toMatchObject({ ok: false, reason: 'the pattern matches the empty string' });
    expect(checkCustomPattern('abc', 'gy')).toMatchObject({ ok: false, reason: expect.stringMatching(/flags may only contain/) });
    const bad = schema.safeParse({ custom: [{ name: 'evil', pattern: '(x+x+)+y' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['custom', 0, 'pattern']);
    expect(bad.error?.issues[0]?.message).toMatch(/unsafe or invalid pattern: exponential backtracking/);
  });

  it('refuses a custom or deny-list name that is already taken', () => {
    const clash = schema.safeParse({ custom: [{ name: 'email', pattern: 'x' }], denyLists: [{ terms: ['a'] }, { terms: ['b'] }] });
    expect(clash.success).toBe(false);
    expect(clash.error?.issues.map((i) => i.path.join('.'))).toEqual(['custom.0.name', 'denyLists.1.name']);
  });
});

describe('masking', () => {
  it('gives the same value the same typed placeholder and numbers distinct values per type', () => {
    const r = redaction();
    expect(r.text('a@example.com, b@example.com, a@example.com')).toBe('<EMAIL_1>, <EMAIL_2>, <EMAIL_1>');
    // Across texts of one request too, and whatever the value's written form.
    expect(r.text('A@Example.com and card 4111-1111-1111-1111 / 4111111111111111')).toBe(
      '<EMAIL_1> and card <CREDIT_CARD_1> / <CREDIT_CARD_1>',
    );
    expect(r.findings()?.counts).toEqual({ email: 4, credit_card: 2 });
    expect(r.findings()?.masked).toBe(3);
  });

  it('returns the very same string when nothing is found', () => {
    const r = redaction();
    const text = 'Nothing personal here, just 42 words about the weather.';
    expect(r.text(text)).toBe(text);
    expect(r.findings()).toBeUndefined();
  });

  it('masks custom patterns and deny-list terms under their own names', () => {
    const custom = customPatternDetector({ name: 'employee_id', pattern: 'EMP-\\d{6}' });
    const deny = denyListDetector({ name: 'codename', terms: ['Nightjar', 'Project Bluebird'] });
    const r = redaction('mask', [
      { detector: custom, mode: 'mask' },
      { detector: deny, mode: 'mask' },
    ]);
    expect(r.text('EMP-123456 works on project bluebird and NIGHTJAR, not nightjars or BlueNightjar')).toBe(
      '<EMPLOYEE_ID_1> works on <CODENAME_1> and <CODENAME_2>, not nightjars or BlueNightjar',
    );
  });

  it('deny-lists can be case-sensitive and match inside words', () => {
    const d = denyListDetector({ name: 'x', terms: ['Acme'], caseSensitive: true, wholeWord: false });
    const out: number[] = [];
    d.scan('acme AcmeCorp ACME Acme', out);
    expect(out).toEqual([5, 9, 19, 23]);
  });

  it('a deny-list of 20,000 terms scans 100 KB in linear time', () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `codename-${i.toString(36)}-x`);
    const d = denyListDetector({ name: 'big', terms });
    const text = `${'the quick brown codename fox jumps over '.repeat(2_500)} codename-abc-x`;
    const out: number[] = [];
    const t = performance.now();
    d.scan(text, out);
    expect(performance.now() - t).toBeLessThan(200);
    expect(out).toEqual([text.length - 'codename-abc-x'.length, text.length]);
  });

  it('keeps JSON valid: string values re-encoded, numbers quoted, escapes read as the model reads them', () => {
    const r = redaction();
    const args = JSON.stringify({ to: 'line one\nann@example.com', card: 4111111111111111, raw: 'b\u0040example.com', ok: 'fine' });
    const escaped = args.replace('b@example.com', 'b\\u0040example.com');
    const masked = r.json(escaped);
    expect(JSON.parse(masked)).toEqual({ to: 'line one\n<EMAIL_1>', card: '<CREDIT_CARD_1>', raw: '<EMAIL_2>', ok: 'fine' });
    expect(r.json('{"note":"nothing"}')).toBe('{"note":"nothing"}');
    // Not JSON after all: masked as plain text.
    expect(r.json('to ann@example.com')).toBe('to <EMAIL_1>');
  });

  it('merges overlapping findings so no part of either is left, and blocks when any member blocks', () => {
    const wide: Detector = {
      name: 'wide',
      label: 'WIDE',
      scan(text, out) {
        const i = text.indexOf('1111 1111 end');
        if (i !== -1) out.push(i, i + 13);
      },
    };
    const set = new DetectorSet([
      { detector: BUILTIN_DETECTORS.find((d) => d.name === 'credit_card') as Detector, mode: 'mask' },
      { detector: wide, mode: 'audit' },
    ]);
    const r = new RequestRedaction(set, 1000);
    expect(r.text('card 4111 1111 1111 1111 end.')).toBe('card <CREDIT_CARD_1>.');
    expect(r.findings()?.counts).toEqual({ credit_card: 1 });
    const blocking = new RequestRedaction(
      new DetectorSet([
        { detector: BUILTIN_DETECTORS.find((d) => d.name === 'credit_card') as Detector, mode: 'audit' },
        { detector: wide, mode: 'block' },
      ]),
      1000,
    );
    blocking.text('card 4111 1111 1111 1111 end.');
    expect(blocking.blockedBy()).toEqual(['wide']);
  });
});

describe('restore', () => {
  const map = new Map([
    ['<EMAIL_1>', 'ann@example.com'],
    ['<SECRET_1>', 'pa"ss\\word\n'],
  ]);

  it('maps placeholders back in content and, JSON-escaped, in tool-call arguments, without touching the cached original', () => {
    const res = {
      id: 'r',
      object: 'chat.completion' as const,
      created: 0,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls' as const,
          message: {
            role: 'assistant' as const,
            content: 'Sent to <EMAIL_1>.',
            tool_calls: [
              {
                id: 'c',
                type: 'function' as const,
                function: { name: 'login', arguments: '{"user":"<EMAIL_1>","password":"<SECRET_1>"}' },
              },
            ],
          },
        },
      ],
    };
    const copy = structuredClone(res);
    const out = restoreResponse(res, map);
    expect(out.choices[0]?.message.content).toBe('Sent to ann@example.com.');
    expect(JSON.parse(out.choices[0]?.message.tool_calls?.[0]?.function.arguments ?? '')).toEqual({
      user: 'ann@example.com',
      password: 'pa"ss\\word\n',
    });
    expect(res).toEqual(copy);
  });

  it('holds back only a possible placeholder start, per choice and tool call, and releases it at finish', () => {
    const t = streamRestorer(map);
    const ctx = {} as never;
    const run = (p: StreamPart) => {
      const r = t.transform(p, ctx);
      return r === null ? [] : Array.isArray(r) ? r : [r];
    };
    expect(run({ type: 'text', choice: 0, delta: 'Hi <EM' })).toEqual([{ type: 'text', choice: 0, delta: 'Hi ' }]);
    expect(run({ type: 'text', choice: 1, delta: 'x <' })).toEqual([{ type: 'text', choice: 1, delta: 'x ' }]);
    expect(run({ type: 'text', choice: 0, delta: 'AIL_1> and <B' })).toEqual([
      { type: 'text', choice: 0, delta: 'ann@example.com and <B' },
    ]);
    expect(run({ type: 'tool-call', choice: 0, index: 0, id: 'c', name: 'login', arguments: '{"p":"<SEC' })).toEqual([
      { type: 'tool-call', choice: 0, index: 0, id: 'c', name: 'login', arguments: '{"p":"' },
    ]);
    expect(run({ type: 'tool-call', choice: 0, index: 0, arguments: 'RET_1>"}' })).toEqual([
      { type: 'tool-call', choice: 0, index: 0, arguments: '"pa\\"ss\\\\word\\n"}'.slice(1) },
    ]);
    expect(run({ type: 'finish', choice: 1, reason: 'stop' })).toEqual([
      { type: 'text', choice: 1, delta: '<' },
      { type: 'finish', choice: 1, reason: 'stop' },
    ]);
    expect(t.flush?.(ctx)).toEqual([]);
  });
});
