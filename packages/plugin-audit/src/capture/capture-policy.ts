/** @module Which capture level applies to a request: the per-alias override, else the default. */
import type { AuditOptions, CaptureLevel } from '../options.js';

export class CapturePolicy {
  private readonly overrides: ReadonlyMap<string, CaptureLevel>;
  readonly defaultLevel: CaptureLevel;

  constructor(options: Pick<AuditOptions, 'capture' | 'aliases'>) {
    this.defaultLevel = options.capture;
    this.overrides = new Map(Object.entries(options.aliases).map(([alias, o]) => [alias, o.capture]));
  }

  /** By the model the caller asked for (`ctx.requestedModel`). */
  level(requestedModel: string): CaptureLevel {
    return this.overrides.get(requestedModel) ?? this.defaultLevel;
  }

  /** Whether any request at all can be recorded (else the plugin taps nothing on the request path). */
  capturesAnything(): boolean {
    return this.defaultLevel !== 'off' || [...this.overrides.values()].some((l) => l !== 'off');
  }

  /** Whether any request can have its bodies captured. */
  capturesBodies(): boolean {
    return this.defaultLevel === 'full' || [...this.overrides.values()].some((l) => l === 'full');
  }
}
