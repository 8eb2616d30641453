/**
 * @module One request's redaction: scans its texts, replaces what masking-mode detectors found with
 * typed placeholders (`<EMAIL_1>`; the same value, in any of its written forms, always gets the
 * same placeholder within the request), counts findings per detector, remembers what `block` detectors saw, keeps the
 * placeholder -> value map `restore` needs, and enforces the per-request scan budget.
 */
import type { ActiveDetector, DetectorSet, FindingGroup } from './detector-set.js';
import { scanBudgetExceeded } from './errors.js';
import type { RedactionFindings } from './findings.js';

/** A JSON string literal or number: the tokens that can carry a value. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function covered(groups: readonly FindingGroup[], tokens: readonly number[]): boolean {
  let t = 0;
  for (const g of groups) {
    while (t < tokens.length && (tokens[t + 1] as number) <= g.start) t += 2;
    if (t >= tokens.length || (tokens[t] as number) > g.start || (tokens[t + 1] as number) < g.end) return false;
  }
  return true;
}

export class RequestRedaction {
  private counts: Record<string, number> | undefined;
  private blocked: Set<string> | undefined;
  /** `LABEL\0value` -> placeholder. */
  private placeholders: Map<string, string> | undefined;
  /** Placeholder -> original value, for `restore`-mode findings only. */
  private restorable: Map<string, string> | undefined;
  private numbers: Map<string, number> | undefined;
  private readonly deadline: number;

  constructor(
    private readonly set: DetectorSet,
    private readonly maxScanMs: number,
  ) {
    this.deadline = performance.now() + maxScanMs;
  }

  /** The text with masking-mode findings replaced; the same string when nothing changes. */
  text(text: string): string {
    if (text.length === 0) return text;
    const groups = this.scan(text);
    return groups ? this.apply(text, groups) : text;
  }

  /**
   * JSON text (tool-call arguments, JSON tool results): each string literal or number that holds a
   * finding is decoded, masked and re-encoded, so the result stays valid JSON and escaped content
   * (`\n`, `\u0040`) is read as the model will read it. Falls back to plain masking when a finding
   * lies outside any literal (the text was not JSON after all).
   */
  json(text: string): string {
    if (text.length === 0) return text;
    const groups = this.set.scan(text) ?? [];
    this.checkBudget();
    // `\u0040` hides an `@` from a scan of the raw text: literals with unicode escapes are decoded too.
    let unicodeEscape = text.indexOf('\\u');
    if (groups.length === 0 && unicodeEscape === -1) return text;
    const tokens: number[] = [];
    JSON_TOKEN.lastIndex = 0;
    for (let m = JSON_TOKEN.exec(text); m !== null; m = JSON_TOKEN.exec(text)) tokens.push(m.index, m.index + m[0].length);
    if (!covered(groups, tokens)) return this.apply(text, groups);
    let out = '';
    let last = 0;
    let g = 0;
    for (let t = 0; t < tokens.length; t += 2) {
      const start = tokens[t] as number;
      const end = tokens[t + 1] as number;
      let hit = false;
      while (g < groups.length && (groups[g] as FindingGroup).start < end) {
        hit = true;
        g++;
      }
      if (unicodeEscape !== -1 && unicodeEscape < start) unicodeEscape = text.indexOf('\\u', start);
      if (!hit && !(unicodeEscape !== -1 && unicodeEscape < end)) {
        if (g >= groups.length && unicodeEscape === -1) break;
        continue;
      }
      const raw = text.slice(start, end);
      const replacement = this.literal(raw);
      if (replacement === raw) continue;
      out += text.slice(last, start) + replacement;
      last = end;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /** One JSON literal masked and re-encoded; a number holding a finding becomes a string. */
  private literal(raw: string): string {
    let decoded: string | undefined = raw;
    if (raw.charCodeAt(0) === 34) {
      try {
        decoded = JSON.parse(raw) as string;
      } catch {
        // Not a valid literal (the text is not quite JSON): mask it as it stands.
        decoded = undefined;
      }
    }
    if (decoded === undefined) return this.text(raw);
    const masked = this.text(decoded);
    return masked === decoded ? raw : JSON.stringify(masked);
  }

  /** JSON-aware masking for text that looks like a JSON object or array, plain masking otherwise. */
  auto(text: string): string {
    const first = text.trimStart().charCodeAt(0);
    return first === 123 || first === 91 ? this.json(text) : this.text(text);
  }

  /** Detectors in `block` mode that found something, in first-seen order. */
  blockedBy(): readonly string[] {
    return this.blocked ? [...this.blocked] : [];
  }

  /** Placeholder -> value for what `restore`-mode detectors masked; undefined when there is none. */
  restoreMap(): ReadonlyMap<string, string> | undefined {
    return this.restorable;
  }

  /** What this request's scan found; undefined when nothing was. */
  findings(): RedactionFindings | undefined {
    const counts = this.counts;
    if (!counts) return undefined;
    const restorable = this.restorable;
    return {
      counts,
      found: Object.keys(counts),
      blockedBy: this.blockedBy(),
      masked: this.placeholders?.size ?? 0,
      restorable: restorable?.size ?? 0,
      remask: restorable ? remasker(restorable) : undefined,
    };
  }

  private scan(text: string): FindingGroup[] | null {
    const groups = this.set.scan(text);
    this.checkBudget();
    return groups;
  }

  private checkBudget(): void {
    if (performance.now() > this.deadline) throw scanBudgetExceeded(this.maxScanMs);
  }

  private apply(text: string, groups: readonly FindingGroup[]): string {
    let out = '';
    let last = 0;
    let replaced = false;
    for (const g of groups) {
      this.count(g.counted.detector.name);
      if (g.blocking) this.block(g.blocking.detector.name);
      if (!g.masking) continue;
      out += text.slice(last, g.start) + this.placeholder(g.masking, text.slice(g.start, g.end));
      last = g.end;
      replaced = true;
    }
    return replaced ? out + text.slice(last) : text;
  }

  private count(name: string): void {
    if (!this.counts) this.counts = {};
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  private block(name: string): void {
    if (!this.blocked) this.blocked = new Set();
    this.blocked.add(name);
  }

  private placeholder(entry: ActiveDetector, value: string): string {
    const label = entry.detector.label;
    const key = `${label}\0${entry.detector.canonical ? entry.detector.canonical(value) : value}`;
    if (!this.placeholders) this.placeholders = new Map();
    let p = this.placeholders.get(key);
    if (p === undefined) {
      if (!this.numbers) this.numbers = new Map();
      const n = (this.numbers.get(label) ?? 0) + 1;
      this.numbers.set(label, n);
      p = `<${label}_${n}>`;
      this.placeholders.set(key, p);
    }
    if (entry.mode === 'restore') {
      if (!this.restorable) this.restorable = new Map();
      // The first form seen is the one restored.
      if (!this.restorable.has(p)) this.restorable.set(p, value);
    }
    return p;
  }
}

/** Replaces every restored value in a text by its placeholder again (longest values first). */
function remasker(restorable: ReadonlyMap<string, string>): (text: string) => string {
  const pairs = [...restorable].sort((a, b) => b[1].length - a[1].length);
  return (text) => {
    let out = text;
    for (const [placeholder, value] of pairs) if (out.includes(value)) out = out.split(value).join(placeholder);
    return out;
  };
}
