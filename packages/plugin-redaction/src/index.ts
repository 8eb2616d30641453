/** @module @switchyard/plugin-redaction: PII and secret detection; mask, block, mask-and-restore (stream-safe) or audit. */
import { redactionPlugin } from './redaction-plugin.js';

export { BUILTIN_NAMES, type BuiltinDetectorName } from './detectors/builtin-detectors.js';
export { checkCustomPattern } from './detectors/custom-pattern.js';
export { type Detector, labelFor, regexDetector, type SpanSink } from './detectors/detector.js';
export { REDACTION_FINDINGS, REDACTION_FOUND, type RedactionFindings } from './findings.js';
export {
  MODES,
  type RedactionMode,
  type RedactionOptions,
  type RedactionOptionsInput,
  type RedactionScope,
  redactionOptionsSchema,
  SCOPES,
} from './options.js';
export { createRedactionPlugin, type RedactionPluginOptions } from './redaction-plugin.js';
export { redactionPlugin };
export default redactionPlugin;
