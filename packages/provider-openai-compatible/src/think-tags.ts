/**
 * @module `<think>...</think>` in model output (DeepSeek-R1 distills, Qwen3, QwQ on servers that do not
 * parse reasoning) split into reasoning and text. Tags may be cut anywhere between stream chunks, so
 * the splitter holds back a trailing fragment that could still become a tag.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

export type ThinkSegment = { reasoning: boolean; text: string };

export class ThinkTagSplitter {
  private inside = false;
  private held = '';
  /** The answer after `</think>` usually starts with blank lines that belong to neither part. */
  private trimNext = false;

  /** True when text without `<` can pass through unchanged. */
  get idle(): boolean {
    return !this.inside && this.held === '' && !this.trimNext;
  }

  push(delta: string, out: ThinkSegment[] = []): ThinkSegment[] {
    let s = this.held + delta;
    this.held = '';
    for (;;) {
      const tag = this.inside ? CLOSE : OPEN;
      const at = s.indexOf(tag);
      if (at !== -1) {
        this.emit(s.slice(0, at), out);
        s = s.slice(at + tag.length);
        this.inside = !this.inside;
        if (!this.inside) this.trimNext = true;
        continue;
      }
      const keep = partialTagLength(s, tag);
      this.emit(s.slice(0, s.length - keep), out);
      this.held = s.slice(s.length - keep);
      return out;
    }
  }

  /** Releases a held fragment that never became a tag (end of the choice or the stream). */
  flush(out: ThinkSegment[] = []): ThinkSegment[] {
    const rest = this.held;
    this.held = '';
    this.emit(rest, out);
    return out;
  }

  private emit(text: string, out: ThinkSegment[]): void {
    if (!this.inside && this.trimNext) {
      text = text.replace(/^\s+/, '');
      if (text !== '') this.trimNext = false;
    }
    if (text !== '') out.push({ reasoning: this.inside, text });
  }
}

/** The length of the longest suffix of `s` that is a proper prefix of `tag`. */
function partialTagLength(s: string, tag: string): number {
  for (let k = Math.min(tag.length - 1, s.length); k > 0; k--) {
    if (s.endsWith(tag.slice(0, k))) return k;
  }
  return 0;
}

/** Whole-message form: the visible content and the reasoning found in think blocks. */
export function splitThinkTags(content: string): { content: string; reasoning: string } {
  const splitter = new ThinkTagSplitter();
  const segments = splitter.flush(splitter.push(content));
  let text = '';
  let reasoning = '';
  for (const seg of segments) {
    if (seg.reasoning) reasoning += seg.text;
    else text += seg.text;
  }
  return { content: text, reasoning };
}
