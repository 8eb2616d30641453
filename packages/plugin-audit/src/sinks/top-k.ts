/**
 * @module The `k` first records in (ts, arrival) order, or the `k` last, from a scan of any length:
 * a binary heap of size k, so a JSONL query is O(n log k) time and O(k) memory.
 */
import type { AuditRecord } from '../capture/audit-record.js';

interface Entry {
  record: AuditRecord;
  seq: number;
}

export class TopK {
  private readonly heap: Entry[] = [];
  private seq = 0;

  /** `asc`: keep the oldest k; `desc`: keep the newest k. */
  constructor(
    private readonly k: number,
    private readonly order: 'asc' | 'desc',
  ) {}

  /** Whether `a` is kept in preference to `b`. */
  private better(a: Entry, b: Entry): boolean {
    const d = a.record.ts - b.record.ts || a.seq - b.seq;
    return this.order === 'asc' ? d < 0 : d > 0;
  }

  add(record: AuditRecord): void {
    const e = { record, seq: this.seq++ };
    const h = this.heap;
    if (h.length < this.k) {
      h.push(e);
      this.up(h.length - 1);
    } else if (this.better(e, h[0] as Entry)) {
      h[0] = e;
      this.down(0);
    }
  }

  /** The kept records in the requested order. */
  result(): AuditRecord[] {
    return [...this.heap].sort((a, b) => (this.better(a, b) ? -1 : 1)).map((e) => e.record);
  }

  // The root is the worst kept entry, the first to give way.
  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(h[p] as Entry, h[i] as Entry)) break;
      [h[p], h[i]] = [h[i] as Entry, h[p] as Entry];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && this.better(h[worst] as Entry, h[l] as Entry)) worst = l;
      if (r < h.length && this.better(h[worst] as Entry, h[r] as Entry)) worst = r;
      if (worst === i) return;
      [h[worst], h[i]] = [h[i] as Entry, h[worst] as Entry];
      i = worst;
    }
  }
}
