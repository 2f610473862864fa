import { readFileSync } from 'fs';
import { join } from 'path';
const SCHEMA_PATH = join(__dirname, '..', 'schemas', 'profile.schema.json');

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** Every subschema, with its JSON pointer. */
function* subschemas(node: any, ptr = '#'): Generator<[string, any]> {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [ptr, node];
  for (const [k, v] of Object.entries(node)) {
    // Conditional subschemas (if/then/else, not, oneOf) only constrain; they declare no keys.
    if (['enum', 'default', 'const', 'required', 'examples', 'if', 'then', 'else', 'not', 'oneOf', 'anyOf'].includes(k))
      continue;
    yield* subschemas(v, `${ptr}/${k}`);
  }
}

test('is draft-07, for yaml-language-server', () => {
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
});

test('every object with properties rejects unknown keys', () => {
  const open = [...subschemas(schema)]
    .filter(([, s]) => s.properties && s.additionalProperties !== false)
    .map(([p]) => p);
  expect(open).toEqual([]);
});

test("every property has a description (its own or its definition's)", () => {
  const described = (s: any): boolean =>
    !!s.description || (s.$ref && described(schema.definitions[s.$ref.split('/').pop()]));
  const missing: string[] = [];
  for (const [ptr, s] of subschemas(schema)) {
    for (const [name, prop] of Object.entries<any>(s.properties ?? {}))
      if (!described(prop)) missing.push(`${ptr}/properties/${name}`);
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && !described(s.additionalProperties))
      missing.push(`${ptr}/additionalProperties`);
  }
  expect(missing).toEqual([]);
});

test('no key can hold credentials, and public sharing is not expressible', () => {
  const keys = [...subschemas(schema)].flatMap(([, s]) => Object.keys(s.properties ?? {}));
  expect(keys.length).toBeGreaterThan(50);
  // Credentials reach Terraform only from the pipeline's environment, never from the profile. A key whose only
  // value is a fixed word cannot hold one (managementAccess.credentials: ambient says "the pipeline's own").
  const fixedWords = new Set(
    [...subschemas(schema)].flatMap(([, s]) =>
      Object.entries<any>(s.properties ?? {})
        .filter(([, v]) => Array.isArray(v.enum) && v.enum.every((e: unknown) => e === 'ambient'))
        .map(([k]) => k),
    ),
  );
  expect([...fixedWords]).toEqual(['credentials']);
  expect(
    keys
      .filter((k) => !fixedWords.has(k))
      .filter((k) =>
        /secret|password|passphrase|credential|access_?key|private_?key|api_?key|token|userGroups|public/i.test(k),
      ),
  ).toEqual([]);
  // Nothing else may smuggle them in: the only free-form maps are tags and keyed sections.
  const open = [...subschemas(schema)]
    .filter(
      ([, s]) =>
        s.additionalProperties &&
        typeof s.additionalProperties === 'object' &&
        s.additionalProperties.type === 'string',
    )
    .map(([p]) => p);
  expect(open.sort()).toEqual([
    '#/definitions/exemption/properties/scope/properties/tags',
    '#/definitions/terraform/properties/defaultTags',
  ]);
});
