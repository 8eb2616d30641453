/**
 * @module The file audit log: one JSON record per line, appended a batch per write, for shipping to
 * log pipelines. The current file is `path`; it is renamed to `<name>.<UTC stamp>-<n><ext>` when it
 * reaches `rotateBytes` or gets older than `rotateIntervalMs`, so file names sort by age.
 *
 * Queries (admin API, replay) scan the files line by line in bounded memory: fine for audits and
 * evals, not an index. One process owns a path; instances must not share one.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { access, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditRecord } from '../capture/audit-record.js';
import { type AuditQuery, type AuditRow, type AuditSink, matches } from './audit-sink.js';
import { TopK } from './top-k.js';

export interface JsonlOptions {
  path: string;
  rotateBytes: number;
  rotateIntervalMs: number;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

export class JsonlAuditSink implements AuditSink {
  readonly kind = 'jsonl';
  private fh: FileHandle | undefined;
  private size = 0;
  private openedAt = 0;
  private rotations = 0;
  private readonly dir: string;
  private readonly ext: string;
  private readonly stem: string;

  constructor(private readonly options: JsonlOptions) {
    this.dir = dirname(options.path);
    this.ext = extname(options.path);
    this.stem = basename(options.path, this.ext);
  }

  async open(): Promise<void> {
    if (this.fh) return;
    await mkdir(this.dir, { recursive: true });
    this.fh = await open(this.options.path, 'a');
    const st = await this.fh.stat();
    this.size = st.size;
    // Where the file system keeps no birth time, age counts from this open.
    this.openedAt = st.size > 0 && st.birthtimeMs > 0 ? st.birthtimeMs : Date.now();
  }

  private handle(): FileHandle {
    if (!this.fh) throw new Error('JSONL audit log is not open');
    return this.fh;
  }

  private async rotate(): Promise<void> {
    await this.handle().close();
    this.fh = undefined;
    const now = Date.now();
    await rename(this.options.path, join(this.dir, `${this.stem}.${stamp(now)}-${String(this.rotations++).padStart(6, '0')}${this.ext}`));
    this.fh = await open(this.options.path, 'a');
    this.size = 0;
    this.openedAt = now;
  }

  async insert(rows: readonly AuditRow[]): Promise<void> {
    const data = Buffer.from(rows.map((r) => `${r.json}\n`).join(''), 'utf8');
    const tooBig = this.size + data.length > this.options.rotateBytes;
    const tooOld = Date.now() - this.openedAt >= this.options.rotateIntervalMs;
    if (this.size > 0 && (tooBig || tooOld)) await this.rotate();
    await this.handle().write(data);
    this.size += data.length;
  }

  /** Rotated files oldest first, then the current one. */
  private async files(): Promise<string[]> {
    const prefix = `${this.stem}.`;
    const rotated = (await readdir(this.dir))
      .filter((f) => f.startsWith(prefix) && f.endsWith(this.ext) && f !== basename(this.options.path))
      .sort();
    return [...rotated.map((f) => join(this.dir, f)), this.options.path];
  }

  /** Every parsable record, oldest first; `hint` skips lines that cannot match before parsing them. */
  private async *records(hint?: string): AsyncGenerator<AuditRecord> {
    for (const file of await this.files()) {
      let lines: AsyncIterable<string>;
      try {
        await access(file);
        lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
      } catch {
        continue; // rotated or swept away meanwhile
      }
      for await (const line of lines) {
        if (!line || (hint && !line.includes(hint))) continue;
        try {
          yield JSON.parse(line) as AuditRecord;
        } catch {
          // A line being appended right now; it is complete on the next read.
        }
      }
    }
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    let found: AuditRecord | undefined;
    for await (const r of this.records(`"requestId":${JSON.stringify(requestId)}`)) if (r.requestId === requestId) found = r;
    return found;
  }

  async list(q: AuditQuery): Promise<AuditRecord[]> {
    // Lines are in completion order; records are ordered by start time, as the SQL sinks order them.
    const top = new TopK(q.limit, q.order);
    for await (const r of this.records()) if (matches(r, q)) top.add(r);
    return top.result();
  }

  async sweep(before: number, batch: number): Promise<number> {
    let removed = 0;
    for (const file of (await this.files()).slice(0, -1)) {
      if (removed >= batch) break;
      const st = await stat(file).catch(() => undefined);
      // Every record in a rotated file is older than its last write.
      if (st && st.mtimeMs < before) {
        await unlink(file).catch(() => {});
        removed++;
      }
    }
    return removed;
  }

  async ping(): Promise<void> {
    await access(this.dir);
    this.handle();
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    if (!fh) return;
    await fh.datasync().catch(() => {});
    await fh.close();
  }
}
