// The dependency rules of ARCHITECTURE.md, checked on the import statements of every source file.
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

/** Every relative module a file imports (static, dynamic or require), as a path from the repository root. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import\(|require\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

const offenders = (dirs: string[], bad: RegExp) =>
  dirs.flatMap(files).flatMap((f) =>
    imports(f)
      .filter((i) => bad.test(i))
      .map((i) => `${f} imports ${i}`),
  );

test('no file in src/ imports the stacks layer', () => {
  expect(offenders(['src'], /^stacks(\/|$)/)).toEqual([]);
});

test('stacks and the compliance engine read the model, never the profile or its loader', () => {
  expect(offenders(['stacks', 'src/compliance', 'src/evidence'], /^src\/profile(\/|$)/)).toEqual([]);
});

test('constructs take typed props: they import neither the model nor the profile', () => {
  expect(offenders(['stacks/constructs'], /^src\/(model|profile)(\/|$)/)).toEqual([]);
});

test('the model never imports the stacks, synthesis or the command line', () => {
  expect(offenders(['src/model'], /^(stacks|src\/synth|src\/cli)(\/|$)/)).toEqual([]);
});

test('the rules see every import: a file known to import the model is found', () => {
  expect(imports('stacks/index.ts').some((i) => i.startsWith('src/model'))).toBe(true);
});
