/** @module Type declarations for dependencies that ship none. */
declare module 'regexgen' {
  /** Strings compiled to a minimised automaton, written out as a regex. */
  class Trie {
    addAll(strings: readonly string[]): void;
    /** The regex source; `u` keeps astral characters as code points. */
    toString(flags?: string): string;
  }
  /** A CommonJS module: the function, with `Trie` as a property (no named ESM exports). */
  interface Regexgen {
    (strings: readonly string[], flags?: string): RegExp;
    Trie: typeof Trie;
  }
  const regexgen: Regexgen;
  export default regexgen;
}

declare module 'recheck/lib/browser.js' {
  export { checkSync } from 'recheck';
}
