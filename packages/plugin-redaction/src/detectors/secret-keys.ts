/**
 * @module Vendor credentials recognisable by their published formats: OpenAI, Anthropic, AWS,
 * GitHub, Slack, Google and Stripe keys and JWTs, in three detector families (one scan each), plus
 * PEM/OpenSSH/PGP private keys. Every pattern starts with its fixed prefix, and checks the character
 * before that prefix with a lookbehind placed after it (so it runs only where the prefix matched).
 * Bodies are bounded, so each candidate costs a bounded amount of work.
 */
import type { Detector } from './detector.js';
import { characterClasses, regexDetector } from './detector.js';
import { detectorFamily } from './detector-family.js';

/** At least two each of upper-case letters, lower-case letters and digits: random, not prose. */
function looksRandom(s: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  return upper >= 2 && lower >= 2 && digit >= 2;
}

const BODY_END = '(?![A-Za-z0-9_-])';
const AWS_KEY_ID_PREFIXES = 'AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA';

// Families group patterns whose leading characters keep the engine's skip-ahead effective together.
// Measured on a 100 KB prompt: one alternation of all of them scans about four times slower than
// these three, and some other groupings (JWTs with AWS and Google keys) seven times slower.
const lowerPrefixed = detectorFamily([
  {
    name: 'anthropic_key',
    source: `sk-ant-(?<![\\w-]sk-ant-)[a-z]{2,8}\\d{0,3}-[A-Za-z0-9_-]{32,400}${BODY_END}`,
    validate: looksRandom,
  },
  {
    name: 'openai_key',
    source: `sk-(?<![\\w-]sk-)(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,400}${BODY_END}`,
    validate: looksRandom,
  },
  {
    name: 'stripe_key',
    source:
      '(?:(?:sk|rk)_(?:live|test)_(?<![A-Za-z0-9_](?:sk|rk)_(?:live|test)_)[0-9A-Za-z]{16,247}|whsec_(?<![A-Za-z0-9_]whsec_)[0-9A-Za-z+/=]{24,128})(?![0-9A-Za-z])',
  },
  {
    name: 'github_token',
    source:
      '(?:gh[pousr]_(?<![A-Za-z0-9_]gh._)[A-Za-z0-9]{36,251}|github_pat_(?<![A-Za-z0-9_]github_pat_)[A-Za-z0-9_]{50,250})(?![A-Za-z0-9_])',
  },
]);

const upperPrefixed = detectorFamily([
  // Access key ids: a typed prefix and 16 base32 characters.
  { name: 'aws_key', source: `(?:${AWS_KEY_ID_PREFIXES})(?<![A-Za-z0-9]....)[A-Z2-7]{16}(?![A-Za-z0-9])` },
  // Secret access keys have no prefix: 40 base64 characters after their conventional label.
  {
    name: 'aws_key',
    source:
      '(?:aws|AWS|Aws)_?(?:secret|SECRET|Secret)_?(?:access|ACCESS|Access)_?(?:key|KEY|Key)["\']?\\s{0,3}[:=]\\s{0,3}["\']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])',
    group: 1,
  },
  {
    name: 'google_key',
    source:
      '(?:AIza(?<![A-Za-z0-9_-]AIza)[0-9A-Za-z_-]{35}|GOCSPX-(?<![A-Za-z0-9_-]GOCSPX-)[0-9A-Za-z_-]{28}|ya29\\.(?<![A-Za-z0-9_-]ya29\\.)[0-9A-Za-z_-]{20,2048})(?![0-9A-Za-z_-])',
  },
]);

const jwtAndSlack = detectorFamily([
  {
    name: 'jwt',
    source: 'eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{5,2000}\\.eyJ[A-Za-z0-9_-]{5,8000}\\.[A-Za-z0-9_-]{10,2000}(?![A-Za-z0-9_-])',
  },
  {
    name: 'slack_token',
    source: '(?:xox[abposre]|xapp)-(?<![A-Za-z0-9_-]x(?:ox.|app)-)[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])',
    validate: (s) => characterClasses(s) >= 3,
  },
  {
    name: 'slack_token',
    source: 'https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9]{6,16}/[A-Za-z0-9]{6,16}/[A-Za-z0-9]{16,40}',
  },
]);

function member(name: string): Detector {
  const d = [...lowerPrefixed.members, ...upperPrefixed.members, ...jwtAndSlack.members].find((m) => m.name === name);
  if (!d) throw new Error(`no vendor key detector named ${name}`);
  return d;
}

export const anthropicKeyDetector = member('anthropic_key');
export const openaiKeyDetector = member('openai_key');
export const awsKeyDetector = member('aws_key');
export const githubTokenDetector = member('github_token');
export const slackTokenDetector = member('slack_token');
export const googleKeyDetector = member('google_key');
export const stripeKeyDetector = member('stripe_key');
export const jwtDetector = member('jwt');

/**
 * A PEM, OpenSSH or PGP private key from its BEGIN line through its END line; without an END line,
 * as far as the key body goes (a truncated key is still a secret). The body may carry JSON-escaped
 * line breaks (`\n`) when the key sits inside a JSON string; it never crosses a quote. Its own scan:
 * five dashes are a prefix the engine skips to quickly.
 */
export const privateKeyDetector = regexDetector({
  name: 'private_key',
  pattern:
    /-----BEGIN[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\s:,]|\\[nr]|-(?!----))*(?:-----END[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----)?/g,
});
