// Loads the labelled detector corpus (test/corpus/<detector>.txt; format in its README).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusLine {
  /** The detector whose file the line is in. */
  detector: string;
  positive: boolean;
  text: string;
  /** Marked spans: values the file's detector must find. */
  spans: [number, number][];
}

const DIR = join(import.meta.dirname, '..', 'corpus');

function unescapeLine(s: string): string {
  return s.replace(/\\\\n|\\n/g, (m) => (m === '\\n' ? '\n' : '\\n'));
}

function parse(detector: string, raw: string): CorpusLine {
  const positive = raw.startsWith('+ ');
  const body = unescapeLine(raw.slice(2));
  const spans: [number, number][] = [];
  let text = '';
  let rest = body;
  for (let open = rest.indexOf('[['); open !== -1; open = rest.indexOf('[[')) {
    const close = rest.indexOf(']]', open);
    if (close === -1) throw new Error(`unclosed [[ in ${detector}: ${raw}`);
    text += rest.slice(0, open);
    const value = rest.slice(open + 2, close);
    spans.push([text.length, text.length + value.length]);
    text += value;
    rest = rest.slice(close + 2);
  }
  text += rest;
  if (positive !== spans.length > 0) throw new Error(`a + line needs [[marks]], a - line none (${detector}): ${raw}`);
  return { detector, positive, text, spans };
}

export function loadCorpus(): CorpusLine[] {
  const lines: CorpusLine[] = [];
  for (const file of readdirSync(DIR).sort()) {
    if (!file.endsWith('.txt')) continue;
    const detector = file.slice(0, -4);
    for (const raw of readFileSync(join(DIR, file), 'utf8').split('\n')) {
      if (raw.startsWith('+ ') || raw.startsWith('- ')) lines.push(parse(detector, raw));
    }
  }
  return lines;
}
