/**
 * @module Links a configured mock provider to its engine. The core `transport(req, signal)` sees only
 * the built request, so `toUpstream` tags it with an engine id header; the id resolves to the engine
 * of that provider's options object. Weak references: an engine lives as long as its options (its
 * gateway), and scripted failure counters are never shared between two gateways.
 */
import { createMockEngine, type MockEngine } from './engine.js';
import { type MockOptions, MockOptionsSchema } from './options.js';

export const ENGINE_HEADER = 'x-switchyard-mock-engine';

const byOptions = new WeakMap<object, { id: string; engine: MockEngine }>();
const byId = new Map<string, WeakRef<MockEngine>>();
const cleanup = new FinalizationRegistry<string>((id) => {
  if (!byId.get(id)?.deref()) byId.delete(id);
});
let seq = 0;
let fallback: MockEngine | undefined;

export function engineIdFor(options: MockOptions): string {
  let entry = byOptions.get(options);
  if (!entry) {
    const engine = createMockEngine(options);
    entry = { id: `mock-${++seq}`, engine };
    byOptions.set(options, entry);
    byId.set(entry.id, new WeakRef(engine));
    cleanup.register(engine, entry.id);
  }
  return entry.id;
}

/** The engine a request was built for; a default engine when a hook removed the header. */
export function engineFor(id: string | undefined): MockEngine {
  const engine = id === undefined ? undefined : byId.get(id)?.deref();
  if (engine) return engine;
  fallback ??= createMockEngine(MockOptionsSchema.parse({}));
  return fallback;
}
