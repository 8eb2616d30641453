/**
 * @module The redaction plugin's options (`plugins.redaction` in config), validated with zod at boot.
 * `{}` means every built-in detector, masking, over every scope. Custom patterns are proven safe
 * from catastrophic backtracking here, so `switchyard check-config` already refuses a bad one.
 */
import { z } from 'zod';
import { checkCustomPattern } from './detectors/custom-pattern.js';

export const MODES = ['mask', 'block', 'restore', 'audit'] as const;
export type RedactionMode = (typeof MODES)[number];

export const SCOPES = ['system', 'messages', 'tool_arguments', 'tool_results'] as const;
export type RedactionScope = (typeof SCOPES)[number];

const Mode = z.enum(MODES);
const DetectorId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'use 1-40 lower-case letters, digits and _, starting with a letter');

const CustomSchema = z
  .strictObject({
    /** Detector name; the placeholder type is its upper-case form (`employee_id` -> `<EMPLOYEE_ID_1>`). */
    name: DetectorId,
    /** A JavaScript regular expression (source, without slashes). */
    pattern: z.string().min(1).max(1000),
    /** Any of `i`, `m`, `s`, `u`; `g` is implied. */
    flags: z.string().max(4).optional(),
    /** This detector's mode; default: the plugin's `mode`. */
    mode: Mode.optional(),
  })
  .superRefine((c, ctx) => {
    const verdict = checkCustomPattern(c.pattern, c.flags);
    if (!verdict.ok) ctx.addIssue({ code: 'custom', path: ['pattern'], message: `unsafe or invalid pattern: ${verdict.reason}` });
  });

const DenyListSchema = z.strictObject({
  /** Detector name and placeholder type, as for custom patterns. */
  name: DetectorId.default('deny_list'),
  /** Literal terms (not patterns); matched whole-word and case-insensitively unless told otherwise. */
  terms: z.array(z.string().trim().min(1).max(200)).min(1).max(100_000),
  caseSensitive: z.boolean().default(false),
  /** Off: a term is also found inside longer words. */
  wholeWord: z.boolean().default(true),
  mode: Mode.optional(),
});

/**
 * The options schema. `names` are the detectors `detectors:` may name: the built-ins plus any a
 * program added with `createRedactionPlugin({ detectors })`.
 */
export function redactionOptionsSchema(names: readonly string[]) {
  const Name = z.string().refine((n) => names.includes(n), { message: `unknown detector; known: ${names.join(', ')}` });
  return z
    .strictObject({
      /** What happens to findings: `mask` (default), `block`, `restore` (mask, then map back in the answer) or `audit`. */
      mode: Mode.default('mask'),
      /**
       * Which built-in detectors run: a list (each uses `mode`) or a map of name to mode. Default: all.
       * Custom patterns and deny-lists always run.
       */
      detectors: z.union([z.array(Name), z.record(Name, Mode)]).optional(),
      /** Which parts of a request are scanned. */
      scope: z
        .array(z.enum(SCOPES))
        .min(1)
        .default([...SCOPES]),
      custom: z.array(CustomSchema).default([]),
      denyLists: z.array(DenyListSchema).default([]),
      /**
       * Fail closed past this much scanning per request (ms): the request is refused with
       * `redaction_failed` rather than sent with text left unscanned. Every detector is linear, so
       * only a very large prompt comes near it.
       */
      maxScanMs: z.number().int().min(1).max(60_000).default(250),
    })
    .superRefine((o, ctx) => {
      const seen = new Set(names);
      const check = (name: string, path: (string | number)[]) => {
        if (seen.has(name)) ctx.addIssue({ code: 'custom', path, message: `detector name "${name}" is already taken` });
        seen.add(name);
      };
      o.custom.forEach((c, i) => {
        check(c.name, ['custom', i, 'name']);
      });
      o.denyLists.forEach((d, i) => {
        check(d.name, ['denyLists', i, 'name']);
      });
    });
}

export type RedactionOptionsSchema = ReturnType<typeof redactionOptionsSchema>;
export type RedactionOptionsInput = z.input<RedactionOptionsSchema>;
export type RedactionOptions = z.output<RedactionOptionsSchema>;
