/** @module @switchyard/plugin-auth: gateway API keys (virtual keys), hashed at rest, team/user principals, admin key. */
import { authPlugin } from './auth-plugin.js';

export { AUTH_KEY_REGISTRY, authPlugin } from './auth-plugin.js';
export { constantTimeEqual } from './constant-time.js';
export { generateKey, hashKey, isKeyHash, KEY_PREFIX, parseKey } from './key-format.js';
export type { KeyInfo, KeySource, KeyStatus, StoredKey } from './key-record.js';
export { type CreatedKey, KeyRegistry } from './key-registry.js';
export {
  type AuthOptions,
  type AuthOptionsInput,
  AuthOptionsSchema,
  ConfigKeySchema,
  EXAMPLE_ADMIN_KEYS,
  type KeyPolicy,
  type KeyPolicyInput,
  KeyPolicySchema,
} from './options.js';
export default authPlugin;
