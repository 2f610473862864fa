// JSON Schema validation (ajv, all errors at once) turned into plain-English, positioned diagnostics.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic, PathSegment } from './diagnostics';
import { closest, didYouMean } from './suggest';
import type { SourceFile } from './source';

/** Written by scripts/build.js beside the compiled schema.js; absent when running the TypeScript sources. */
const PRECOMPILED = './schema-validator.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled)
    compiled =
      precompiled() ?? (require('./schema-ajv') as typeof import('./schema-ajv')).compileProfileSchema().validate;
  return compiled;
}

function precompiled(): ValidateFunction | undefined {
  try {
    return require(PRECOMPILED);
  } catch (e) {
    if (
      (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String((e as Error).message).includes('schema-validator')
    )
      return undefined;
    throw e;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a map of keys',
  array: 'a list',
  null: 'empty',
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
}

function instancePath(e: ErrorObject): PathSegment[] {
  if (!e.instancePath) return [];
  return e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function message(e: ErrorObject): string {
  const ps = (e.parentSchema ?? {}) as Record<string, unknown>;
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'type': {
      const want = String(p.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      const hint =
        typeof e.data === 'number' && ps.pattern === '^[0-9]{12}$'
          ? ' — quote account IDs ("012345678901") so YAML keeps them as text'
          : '';
      return `must be ${want}, found ${describe(e.data)}${hint}`;
    }
    case 'enum':
      return `${describe(e.data)} is not allowed; use one of: ${(p.allowedValues as unknown[]).join(', ')}${typeof e.data === 'string' ? didYouMean(e.data, p.allowedValues as string[]) : ''}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, found ${describe(e.data)}`;
    case 'pattern':
      return `${describe(e.data)} ${(ps.patternErrorMessage as string) ?? `must match ${p.pattern}`}`;
    case 'format':
      return `${describe(e.data)} must be a valid ${p.format === 'date' ? 'date written YYYY-MM-DD' : p.format}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${describe(e.data)} is out of range: must be ${p.comparison} ${p.limit}`;
    case 'minItems':
      return `must list at least ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must list at most ${p.limit} items`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
    case 'maxLength':
      return `is too long: at most ${p.limit} characters`;
    case 'uniqueItems':
      return `lists the same item twice (items ${p.j} and ${p.i})`;
    case 'minProperties':
    case 'maxProperties': {
      const keys = Object.keys((ps.properties as object) ?? {});
      if (ps.minProperties === 1 && ps.maxProperties === 1) return `must set exactly one of: ${keys.join(', ')}`;
      return p.limit === 1 && e.keyword === 'minProperties'
        ? `must set at least one of: ${keys.join(', ') || 'its keys'}`
        : (e.message ?? 'is invalid');
    }
    default:
      return e.message ?? 'is invalid';
  }
}

/** Every key a subschema's (nested) `required` lists name, in order. */
function requiredKeys(schema: unknown): string[] {
  const out: string[] = [];
  const walk = (s: unknown) => {
    if (!s || typeof s !== 'object') return;
    if (Array.isArray(s)) return s.forEach(walk);
    for (const [k, v] of Object.entries(s)) {
      if (k === 'required' && Array.isArray(v)) out.push(...v.filter((x) => !out.includes(x)));
      else if (k !== 'properties') walk(v);
    }
  };
  walk(schema);
  return out;
}

/** Keys that are probably misspelt: `organization.organizationalUnits` for an unknown key "organizationalUnit" there. */
export function misspeltKeys(diagnostics: readonly Diagnostic[]): Set<string> {
  const out = new Set<string>();
  for (const d of diagnostics) {
    const m = /^unknown key "[^"]*" \(did you mean "([^"]+)"\?\)$/.exec(d.message);
    if (m) out.add([...d.path.split('.').slice(0, -1), m[1]].join('.'));
  }
  return out;
}

/** Validates (filling schema defaults into `data`) and returns positioned diagnostics. */
export function validateSchema(data: unknown, src: SourceFile): Diagnostic[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // A subschema with its own errorMessage speaks for everything that failed inside it.
  const owned = errors.filter((e) => typeof (e.parentSchema as any)?.errorMessage === 'string');
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const ownedBy = owned.find(
      (o) => o !== e && o.instancePath === e.instancePath && e.schemaPath.startsWith(o.schemaPath + '/'),
    );
    if (ownedBy) continue;
    let path = instancePath(e);
    let key = false;
    let msg: string;
    if (owned.includes(e)) {
      msg = (e.parentSchema as any).errorMessage;
      const named = requiredKeys(e.parentSchema);
      // A misspelt key is the root cause; its own unknown-key error names it once.
      const misspelt = errors.some(
        (o) =>
          o.keyword === 'additionalProperties' &&
          o.instancePath === e.instancePath &&
          named.includes(closest(String((o.params as any).additionalProperty), named) ?? ''),
      );
      if (misspelt) continue;
      // Point at the key that should not be there, not at its enclosing list item.
      const present = named.filter((k) => e.data && typeof e.data === 'object' && Object.hasOwn(e.data, k));
      const offending =
        e.keyword === 'not' ? present[0] : e.keyword === 'oneOf' && present.length > 1 ? present[1] : undefined;
      if (offending) [path, key] = [[...path, offending], true];
    } else if (e.keyword === 'additionalProperties') {
      const name = String((e.params as any).additionalProperty);
      const known = Object.keys(((e.parentSchema as any)?.properties as object) ?? {});
      path = [...path, name];
      key = true;
      msg = `unknown key "${name}"${didYouMean(name, known)}${known.length ? '' : ''}`;
    } else if (e.keyword === 'required') {
      path = [...path, String((e.params as any).missingProperty)];
      msg = `is required but missing`;
    } else if ((e as any).propertyName !== undefined) {
      const name = String((e as any).propertyName);
      path = [...path, name];
      key = true;
      msg = `key ${message({ ...e, data: name })}`;
    } else msg = message(e);
    const d = src.diag(path, msg, { key });
    const id = `${d.line}:${d.col}:${d.path}:${d.message}`;
    if (!seen.has(id)) (out.push(d), seen.add(id));
  }
  return out;
}
