/** @module The admin key check behind `/admin/*`: SHA-256 of the presented key, compared in constant time. */
import type { AdminAuthorizer } from '@switchyard/core';
import { constantTimeEqual } from './constant-time.js';
import { presentedKey } from './credentials.js';
import { digestOf, hashDigest } from './key-format.js';

/** `adminHash` is `sha256:<hex>`; the plaintext admin key is never held. */
export function adminAuthorizer(adminHash: string): AdminAuthorizer {
  const expected = hashDigest(adminHash);
  return (headers) => {
    const presented = presentedKey(headers);
    return presented !== undefined && constantTimeEqual(digestOf(presented), expected);
  };
}
