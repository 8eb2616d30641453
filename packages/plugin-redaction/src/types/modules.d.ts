/** @module Type declarations for dependencies that ship none. */
declare module 'regexgen' {
  /** A regex matching exactly the given strings (a minimised automaton written as a regex). */
  function regexgen(strings: readonly string[], flags?: string): RegExp;
  export default regexgen;
}

declare module 'recheck/lib/browser.js' {
  export { checkSync } from 'recheck';
}
