/** @module @switchyard/provider-google: Google Gemini behind the canonical OpenAI format. */
import { googleProvider } from './google-provider.js';

export { DEFAULT_GOOGLE_BASE_URL, type GoogleOptions, type GoogleOptionsInput, GoogleOptionsSchema } from './google-options.js';
export { googleProvider } from './google-provider.js';
export type { GoogleStreamState } from './google-stream.js';
export { readThoughtSignature, SKIP_THOUGHT_SIGNATURE, thoughtSignatureExtra } from './google-tool-call.js';
export default googleProvider;
