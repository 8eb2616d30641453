/**
 * @module The detectors a gateway runs, with their modes, compiled once at boot, and the scan of one
 * text: every detector reports its spans, then overlapping findings are merged into groups so no
 * part of an overlap is left unmasked, whichever detector saw it.
 */
import type { Detector, SpanSink } from './detectors/detector.js';
import { type DetectorFamily, isFamilyMember, type MemberSink } from './detectors/detector-family.js';
import { detectorFailed } from './errors.js';
import type { RedactionMode } from './options.js';

/** Which mode wins when findings of different modes overlap. */
const RANK: Record<RedactionMode, number> = { audit: 0, mask: 1, restore: 2, block: 3 };

export interface ActiveDetector {
  readonly detector: Detector;
  readonly mode: RedactionMode;
  readonly rank: number;
  /** Position in the set: lower wins ties. */
  readonly priority: number;
}

/** Overlapping findings merged: one span, counted once, under its representative detector. */
export interface FindingGroup {
  start: number;
  end: number;
  /** The longest finding's detector (ties: the higher priority); the one counted. */
  counted: ActiveDetector;
  /** The highest-ranked masking member (`restore` over `mask`), if any: names the placeholder. */
  masking: ActiveDetector | undefined;
  /** A member in `block` mode, if any. */
  blocking: ActiveDetector | undefined;
}

/** One scan: a lone detector, or a family scanned once for all its active members. */
type Pass = { kind: 'single'; entry: number } | { kind: 'family'; family: DetectorFamily; entries: Int32Array; first: number };

export class DetectorSet {
  readonly active: readonly ActiveDetector[];
  readonly hasRestore: boolean;
  private readonly passes: readonly Pass[];
  private readonly spans: SpanSink = [];
  private readonly owners: number[] = [];
  /** Member -> active entry (-1: not active) of the family being scanned. */
  private memberEntries: Int32Array = new Int32Array(0);
  private readonly emit: MemberSink = (start, end, member) => {
    const entry = this.memberEntries[member] as number;
    if (entry === -1) return;
    this.spans.push(start, end);
    this.owners.push(entry);
  };

  constructor(entries: readonly { detector: Detector; mode: RedactionMode }[]) {
    this.active = entries.map((e, priority) => ({ detector: e.detector, mode: e.mode, rank: RANK[e.mode], priority }));
    this.hasRestore = entries.some((e) => e.mode === 'restore');
    const passes: Pass[] = [];
    const families = new Map<DetectorFamily, Int32Array>();
    this.active.forEach((a, i) => {
      const d = a.detector;
      if (!isFamilyMember(d)) {
        passes.push({ kind: 'single', entry: i });
        return;
      }
      let map = families.get(d.family);
      if (!map) {
        map = new Int32Array(d.family.members.length).fill(-1);
        families.set(d.family, map);
        passes.push({ kind: 'family', family: d.family, entries: map, first: i });
      }
      map[d.member] = i;
    });
    this.passes = passes;
  }

  get size(): number {
    return this.active.length;
  }

  /**
   * Scans one text. Returns null when nothing was found (the common case allocates nothing).
   * A detector that throws fails the whole request (`redaction_failed`).
   */
  scan(text: string): FindingGroup[] | null {
    const spans = this.spans;
    const owners = this.owners;
    spans.length = 0;
    owners.length = 0;
    for (const pass of this.passes) {
      const at = pass.kind === 'single' ? pass.entry : pass.first;
      try {
        if (pass.kind === 'single') {
          (this.active[at] as ActiveDetector).detector.scan(text, spans);
          for (let k = owners.length * 2; k < spans.length; k += 2) owners.push(at);
        } else {
          this.memberEntries = pass.entries;
          pass.family.scan(text, this.emit);
        }
      } catch (e) {
        throw detectorFailed((this.active[at] as ActiveDetector).detector.name, e);
      }
    }
    if (owners.length === 0) return null;
    return this.group(spans, owners);
  }

  private group(spans: SpanSink, owners: number[]): FindingGroup[] {
    const order = owners.map((_, i) => i);
    order.sort(
      (a, b) => (spans[2 * a] as number) - (spans[2 * b] as number) || (spans[2 * b + 1] as number) - (spans[2 * a + 1] as number),
    );
    const groups: FindingGroup[] = [];
    let current: FindingGroup | undefined;
    let longest = 0;
    for (const i of order) {
      const start = spans[2 * i] as number;
      const end = spans[2 * i + 1] as number;
      if (end <= start) continue;
      const entry = this.active[owners[i] as number] as ActiveDetector;
      if (!current || start >= current.end) {
        current = { start, end, counted: entry, masking: undefined, blocking: undefined };
        longest = end - start;
        groups.push(current);
      } else {
        if (end > current.end) current.end = end;
        const len = end - start;
        if (len > longest || (len === longest && entry.priority < current.counted.priority)) {
          current.counted = entry;
          longest = len;
        }
      }
      if (entry.mode === 'block') current.blocking ??= entry;
      else if (entry.mode !== 'audit' && (!current.masking || entry.rank > current.masking.rank)) current.masking = entry;
    }
    return groups;
  }
}
