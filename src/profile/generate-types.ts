// Generates profile.generated.ts from the JSON Schema, so the code's types cannot drift from it.
// `npm run gen:types` writes it; test/schema.test.ts fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { compile } from 'json-schema-to-typescript';

export const SCHEMA_PATH = join(__dirname, '..', '..', 'schemas', 'profile.schema.json');
export const TYPES_PATH = join(__dirname, 'profile.generated.ts');

/**
 * The schema with every property that has a default marked required: the loader only hands on data the
 * validator filled (ajv useDefaults), so in the types a defaulted property is always there and code never
 * repeats its default. (A default inside a $ref'd definition is not filled by ajv; src/model/defaults.ts reads those.)
 */
function defaultsRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(defaultsRequired);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = defaultsRequired(v);
  const props = out.properties as Record<string, { default?: unknown }> | undefined;
  if (props && typeof props === 'object') {
    const defaulted = Object.keys(props).filter(
      (k) => props[k] && typeof props[k] === 'object' && 'default' in props[k],
    );
    if (defaulted.length) out.required = [...new Set([...((out.required as string[]) ?? []), ...defaulted])];
  }
  return out;
}

export async function generateProfileTypes(): Promise<string> {
  const schema = defaultsRequired(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  return compile(schema as Parameters<typeof compile>[0], 'Profile', {
    bannerComment: '/* Generated from schemas/profile.schema.json by `npm run gen:types`. Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true },
    format: true,
  });
}

// `--check` prints nothing and exits 1 when the committed file is stale (prettier needs a real
// Node ESM loader, which jest's sandbox lacks, so the test runs this as a process).
if (require.main === module) {
  generateProfileTypes().then((ts) => {
    if (!process.argv.includes('--check')) return writeFileSync(TYPES_PATH, ts);
    if (readFileSync(TYPES_PATH, 'utf8') !== ts) {
      process.stderr.write('src/profile/profile.generated.ts is stale: run npm run gen:types\n');
      process.exitCode = 1;
    }
  });
}
