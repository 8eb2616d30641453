/**
 * @module Model names an attacker sends to escape into a provider's URL: dot segments plain and
 * percent-encoded, query and fragment starters, authority tricks, method suffixes, control
 * characters, spaces, non-ASCII and excessive length. A provider must either keep its URL exactly
 * as it would be for a plain name, or refuse with a 400 before any upstream call.
 */
export const HOSTILE_MODEL_NAMES: readonly string[] = Object.freeze([
  '..',
  '../../x',
  '../../../v1beta/models/other:generateContent',
  '%2e%2e',
  '%2e%2e/%2e%2e/x',
  '.%2e/x',
  'a/../../b',
  'a\\..\\..\\b',
  'x?alt=json&key=stolen',
  'x#fragment',
  'user@evil.example',
  '@evil.example/x',
  '//evil.example/x',
  'x:streamGenerateContent',
  'with space',
  'tab\there',
  'nul\u0000x',
  'crlf\r\nx-injected: 1',
  'ünïcödé-模型',
  '.hidden',
  'x'.repeat(5000),
]);
