/** @module @switchyard/provider-mistral: Mistral chat completions and embeddings. */
import { mistralProvider } from './mistral-provider.js';

export { toMistralEmbeddingsBody } from './map-mistral-embeddings.js';
export { mapMistralError } from './map-mistral-error.js';
export { toMistralBody, toMistralMessages } from './map-mistral-request.js';
export { fromMistralResponse } from './map-mistral-response.js';
export { type SplitContent, splitContentChunks } from './mistral-content-chunks.js';
export { MISTRAL_BASE_URL, type MistralOptions, type MistralOptionsInput, MistralOptionsSchema } from './mistral-options.js';
export { onMistralStreamChunk, withoutNullToolCallIds } from './mistral-stream.js';
export { isMistralToolCallId, toMistralToolCallId } from './mistral-tool-call-id.js';
export { mistralProvider };
export default mistralProvider;
