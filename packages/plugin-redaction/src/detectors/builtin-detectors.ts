/**
 * @module The built-in detectors, in priority order: when findings of two detectors overlap and are
 * equally long, the earlier one names the placeholder (a key inside a JWT-looking blob stays a key).
 */
import { creditCardDetector } from './credit-card.js';
import type { Detector } from './detector.js';
import { emailDetector } from './email.js';
import { ibanDetector } from './iban.js';
import { ipv4Detector, ipv6Detector } from './ip-address.js';
import { labeledSecretDetector } from './labeled-secret.js';
import { phoneDetector } from './phone.js';
import {
  anthropicKeyDetector,
  awsKeyDetector,
  githubTokenDetector,
  googleKeyDetector,
  jwtDetector,
  openaiKeyDetector,
  privateKeyDetector,
  slackTokenDetector,
  stripeKeyDetector,
} from './secret-keys.js';
import { usSsnDetector } from './us-ssn.js';

export const BUILTIN_DETECTORS = [
  privateKeyDetector,
  anthropicKeyDetector,
  openaiKeyDetector,
  awsKeyDetector,
  githubTokenDetector,
  slackTokenDetector,
  googleKeyDetector,
  stripeKeyDetector,
  jwtDetector,
  labeledSecretDetector,
  creditCardDetector,
  ibanDetector,
  usSsnDetector,
  emailDetector,
  phoneDetector,
  ipv6Detector,
  ipv4Detector,
] as const satisfies readonly Detector[];

export type BuiltinDetectorName = (typeof BUILTIN_DETECTORS)[number]['name'];

export const BUILTIN_NAMES: readonly string[] = BUILTIN_DETECTORS.map((d) => d.name);
