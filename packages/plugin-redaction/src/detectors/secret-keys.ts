/**
 * @module Vendor credentials recognisable by their published formats: OpenAI, Anthropic, AWS,
 * GitHub, Slack, Google and Stripe keys, JWTs and PEM/OpenSSH/PGP private keys. Every pattern starts
 * with its fixed prefix so the regex engine skips ahead on text without it, and checks the character
 * before that prefix with a lookbehind placed after it (cheap: only where the prefix matched).
 * Bodies are bounded, so each candidate costs a bounded amount of work.
 */
import { anyOf, characterClasses, type Detector, regexDetector } from './detector.js';

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

const KEY_BODY_END = '(?![A-Za-z0-9_-])';

export const openaiKeyDetector = regexDetector({
  name: 'openai_key',
  pattern: new RegExp(`sk-(?<![\\w-]sk-)(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,400}${KEY_BODY_END}`, 'g'),
  validate: looksRandom,
});

export const anthropicKeyDetector = regexDetector({
  name: 'anthropic_key',
  pattern: new RegExp(`sk-ant-(?<![\\w-]sk-ant-)[a-z]{2,8}\\d{0,3}-[A-Za-z0-9_-]{32,400}${KEY_BODY_END}`, 'g'),
  validate: looksRandom,
});

const AWS_KEY_ID_PREFIXES = 'AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA';

export const awsKeyDetector = anyOf('aws_key', [
  // Access key ids: a typed prefix and 16 base32 characters.
  regexDetector({ name: 'aws_key', pattern: new RegExp(`(?:${AWS_KEY_ID_PREFIXES})(?<![A-Za-z0-9]....)[A-Z2-7]{16}(?![A-Za-z0-9])`, 'g') }),
  // Secret access keys have no prefix: 40 base64 characters after their conventional label.
  regexDetector({
    name: 'aws_key',
    pattern: /aws_?secret_?access_?key["']?\s{0,3}[:=]\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  }),
]);

export const githubTokenDetector = regexDetector({
  name: 'github_token',
  pattern:
    /(?:gh[pousr]_(?<![A-Za-z0-9_]gh._)[A-Za-z0-9]{36,251}|github_pat_(?<![A-Za-z0-9_]github_pat_)[A-Za-z0-9_]{50,250})(?![A-Za-z0-9_])/g,
});

export const slackTokenDetector = anyOf('slack_token', [
  regexDetector({
    name: 'slack_token',
    pattern: /(?:xox[abposre]|xapp)-(?<![A-Za-z0-9_-]x(?:ox.|app)-)[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g,
    validate: (s) => characterClasses(s) >= 3,
  }),
  regexDetector({
    name: 'slack_token',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9]{6,16}\/[A-Za-z0-9]{6,16}\/[A-Za-z0-9]{16,40}/g,
  }),
]);

export const googleKeyDetector = regexDetector({
  name: 'google_key',
  pattern:
    /(?:AIza(?<![A-Za-z0-9_-]AIza)[0-9A-Za-z_-]{35}|GOCSPX-(?<![A-Za-z0-9_-]GOCSPX-)[0-9A-Za-z_-]{28}|ya29\.(?<![A-Za-z0-9_-]ya29\.)[0-9A-Za-z_-]{20,2048})(?![0-9A-Za-z_-])/g,
});

export const stripeKeyDetector = regexDetector({
  name: 'stripe_key',
  pattern:
    /(?:(?:sk|rk)_(?:live|test)_(?<![A-Za-z0-9_](?:sk|rk)_(?:live|test)_)[0-9A-Za-z]{16,247}|whsec_(?<![A-Za-z0-9_]whsec_)[0-9A-Za-z+/=]{24,128})(?![0-9A-Za-z])/g,
});

export const jwtDetector = regexDetector({
  name: 'jwt',
  pattern: /eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{5,2000}\.eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{10,2000}(?![A-Za-z0-9_-])/g,
});

/**
 * A PEM, OpenSSH or PGP private key from its BEGIN line through its END line; without an END line,
 * as far as the key body goes (a truncated key is still a secret). The body may carry JSON-escaped
 * line breaks (`\n`) when the key sits inside a JSON string; it never crosses a quote.
 */
export const privateKeyDetector = regexDetector({
  name: 'private_key',
  pattern:
    /-----BEGIN[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\s:,]|\\[nr]|-(?!----))*(?:-----END[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----)?/g,
});

export const secretKeyDetectors: readonly Detector[] = [
  openaiKeyDetector,
  anthropicKeyDetector,
  awsKeyDetector,
  githubTokenDetector,
  slackTokenDetector,
  googleKeyDetector,
  stripeKeyDetector,
  jwtDetector,
  privateKeyDetector,
];
