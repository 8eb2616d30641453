/**
 * @module What a gateway config takes from the environment: the `${NAME}` references it holds
 * (required ones have no `:-default`), and which of them fill secret fields.
 */
import { parse } from 'yaml';

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}/g;
/** Option names whose values are credentials, or URLs that may carry them. */
const SECRET_FIELD = /(key|password|secret|token|url)$/i;

export interface ConfigRefs {
  /** `${NAME}` without a default: the process does not start unless NAME is set. */
  required: Set<string>;
  optional: Set<string>;
  /** NAME referenced from a credential field (`apiKey`, `adminKey`, `postgresUrl`, ...). */
  secret: Set<string>;
  /** Credential fields holding a literal value instead of a reference: `plugins.auth.adminKey`. */
  inlineSecrets: string[];
}

export function configRefs(text: string): ConfigRefs {
  const refs: ConfigRefs = { required: new Set(), optional: new Set(), secret: new Set(), inlineSecrets: [] };
  const walk = (value: unknown, path: string, key: string) => {
    if (typeof value === 'string') {
      const names = [...value.matchAll(REF)];
      for (const m of names) (m[2] ? refs.optional : refs.required).add(m[1]!);
      if (SECRET_FIELD.test(key) && key !== 'baseUrl') {
        if (!names.length) refs.inlineSecrets.push(path);
        for (const m of names) refs.secret.add(m[1]!);
      }
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, k);
    }
  };
  walk(parse(text), '', '');
  return refs;
}
