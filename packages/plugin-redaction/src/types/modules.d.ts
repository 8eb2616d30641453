/** @module Type declarations for dependencies that ship none. */
declare module 'regexgen' {
  /** Strings compiled to a minimised automaton, written out as a regex. */
  export class Trie {
    addAll(strings: readonly string[]): void;
    /** The regex source; `u` keeps astral characters as code points. */
    toString(flags?: string): string;
  }
}

declare module 'recheck/lib/browser.js' {
  export { checkSync } from 'recheck';
}
