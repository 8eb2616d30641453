/**
 * @module Detectors that share one scan. Each pass over a 100 KB text costs tens of microseconds
 * however rare its pattern, so related detectors (the vendor key formats, say) are compiled into
 * one alternation and scanned once: the matching alternative says which detector found what.
 * Each member is still an ordinary Detector (its own name, label, mode); a DetectorSet with several
 * active members of a family runs the family's scan once for all of them.
 */
import type { Detector, SpanSink } from './detector.js';
import { labelFor } from './detector.js';

/** One pattern of a family; several parts may share a name (one detector, several formats). */
export interface FamilyPart {
  name: string;
  label?: string;
  /** Regex source (no flags of its own: the family's flags apply). */
  source: string;
  /** Which of the part's own capture groups is the secret; 0 (default) is the whole match. Must end the match. */
  group?: number;
  validate?: (candidate: string) => boolean;
  canonical?: (value: string) => string;
}

/** Receives `start`, `end` and which member found it. */
export type MemberSink = (start: number, end: number, member: number) => void;

export interface DetectorFamily {
  readonly members: readonly FamilyMember[];
  scan(text: string, emit: MemberSink): void;
}

export interface FamilyMember extends Detector {
  readonly family: DetectorFamily;
  readonly member: number;
}

export function isFamilyMember(d: Detector): d is FamilyMember {
  return (d as Partial<FamilyMember>).family !== undefined;
}

function captureGroups(source: string): number {
  return (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1;
}

export function detectorFamily(parts: readonly FamilyPart[], flags = 'g'): DetectorFamily {
  // Each part is wrapped in a group; `offsets[i]` is that group's number.
  const offsets: number[] = [];
  let next = 1;
  for (const p of parts) {
    offsets.push(next);
    next += 1 + captureGroups(p.source);
  }
  const names = [...new Set(parts.map((p) => p.name))];
  const memberOf = parts.map((p) => names.indexOf(p.name));
  const re = new RegExp(parts.map((p) => `(${p.source})`).join('|'), flags);
  const family: { members: FamilyMember[]; scan(text: string, emit: MemberSink): void } = {
    members: [],
    scan(text, emit) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        let i = 0;
        while (m[offsets[i] as number] === undefined) i++;
        const part = parts[i] as FamilyPart;
        const value = part.group ? m[(offsets[i] as number) + part.group] : m[0];
        if (!value || (part.validate && !part.validate(value))) continue;
        const end = m.index + m[0].length;
        emit(end - value.length, end, memberOf[i] as number);
      }
    },
  };
  names.forEach((name, member) => {
    const p = parts.find((x) => x.name === name) as FamilyPart;
    family.members.push({
      name,
      label: p.label ?? labelFor(name),
      canonical: p.canonical,
      family,
      member,
      scan(text: string, out: SpanSink) {
        family.scan(text, (start, end, who) => {
          if (who === member) out.push(start, end);
        });
      },
    });
  });
  return family;
}
