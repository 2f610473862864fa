// Every resource and data source a synthesized stack refers to must be declared in that stack: one stack
// never reaches into another's state (see AccountStack.prepareStack).
import { PROVIDER_KINDS } from '../src/terraform/providers';

/** `aws_type.name` or `data.aws_type.name` (for every declared provider kind) in an interpolation or depends_on. */
const REFERENCE = new RegExp(
  `(?<![\\w.])((?:data\\.)?(?:${PROVIDER_KINDS.map((k) => k.localName).join('|')})_[a-z0-9_]+\\.[A-Za-z_][\\w-]*)`,
  'g',
);

/** References in a stack's Terraform JSON to resources or data sources it does not declare, sorted. */
export function undeclaredReferences(tf: {
  resource?: Record<string, object>;
  data?: Record<string, object>;
  output?: object;
  locals?: object;
}): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(tf.resource ?? {}))
    for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(tf.data ?? {}))
    for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const missing = new Set<string>();
  const check = (text: string) => {
    for (const m of text.matchAll(REFERENCE)) if (!declared.has(m[1])) missing.add(m[1]);
  };
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key === 'depends_on') check(v);
      else if (v.includes('${')) check(interpolations(v));
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], key);
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) if (k !== '//') walk((v as Record<string, unknown>)[k], k);
    }
  };
  walk({ resource: tf.resource, data: tf.data, output: tf.output, locals: tf.locals });
  return [...missing].sort();
}

/** The text inside `${...}` interpolations (nesting-aware), joined. */
function interpolations(s: string): string {
  let out = '';
  for (let i = s.indexOf('${'); i >= 0; i = s.indexOf('${', i)) {
    let depth = 0;
    let j = i + 2;
    for (; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && depth-- === 0) break;
    }
    out += ' ' + s.slice(i + 2, j);
    i = j;
  }
  return out;
}
