// Every resource and data source a synthesized stack refers to must be declared in that stack: one stack
// never reaches into another's state (see AccountStack.prepareStack).
import { PROVIDER_KINDS } from '../src/terraform/providers';

/** `aws_type.name` or `data.aws_type.name` (for every declared provider kind) in an interpolation or depends_on. */
const REFERENCE = new RegExp(
  `(?<![\\w.])((?:data\\.)?(?:${PROVIDER_KINDS.map((k) => k.localName).join('|')})_[a-z0-9_]+\\.[A-Za-z_][\\w-]*)`,
  'g',
);

/**
 * The references a string holds: the whole of a depends_on entry, else what its interpolations hold. Memoized for
 * short strings: stacks of one kind share their logical IDs, so a thousand patching stacks hold the same ones.
 */
const MEMO_MAX_LENGTH = 200;
const MEMO_MAX_ENTRIES = 20_000;
const memo = [new Map<string, readonly string[]>(), new Map<string, readonly string[]>()];
function referencesIn(text: string, dependsOn: boolean): readonly string[] {
  const cache = memo[dependsOn ? 1 : 0];
  let refs = cache.get(text);
  if (refs === undefined) {
    const found: string[] = [];
    for (const m of (dependsOn ? text : interpolations(text)).matchAll(REFERENCE)) found.push(m[1]);
    refs = found;
    if (text.length <= MEMO_MAX_LENGTH) {
      if (cache.size >= MEMO_MAX_ENTRIES) cache.clear();
      cache.set(text, refs);
    }
  }
  return refs;
}

/** Whether `table` (tf.resource or tf.data) declares `<type>.<name>` (neither holds a dot, see REFERENCE). */
function declares(table: Record<string, object> | undefined, ref: string): boolean {
  const dot = ref.indexOf('.');
  const type = ref.slice(0, dot);
  return !!table && Object.hasOwn(table, type) && Object.hasOwn(table[type], ref.slice(dot + 1));
}

/** References in a stack's Terraform JSON to resources or data sources it does not declare, sorted. */
export function undeclaredReferences(tf: {
  resource?: Record<string, object>;
  data?: Record<string, object>;
  output?: object;
  locals?: object;
}): string[] {
  const missing = new Set<string>();
  const check = (text: string, dependsOn: boolean) => {
    for (const ref of referencesIn(text, dependsOn)) {
      const declared = ref.startsWith('data.') ? declares(tf.data, ref.slice(5)) : declares(tf.resource, ref);
      if (!declared) missing.add(ref);
    }
  };
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key === 'depends_on') check(v, true);
      else if (v.includes('${')) check(v, false);
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
