export * from './chat-request.js';
export * from './chat-response.js';
export * from './embeddings.js';
export * from './request-bounds.js';
export * from './stream-part.js';
export * from './usage.js';
