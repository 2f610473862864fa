#!/usr/bin/env node
// `npm run build` (also npm ci's `prepare`): compiles main.ts, src/ and stacks/ to CommonJS in dist/ with swc,
// without type-checking (`npx tsc -p .` does that), and writes dist/.build.json: the mtime of every source
// file compiled, which bin/launch.js compares to decide whether dist/ is current. Plain JavaScript so it
// runs before anything is compiled. Without @swc/core (a production-only install) it leaves dist/ alone: the
// launcher then runs the TypeScript sources through tsx.
'use strict';
const {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
  renameSync,
} = require('fs');
const { dirname, join, relative } = require('path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const SOURCES = ['main.ts', 'cli.ts', 'src', 'stacks'];
/** Files read at run time beside the code (imported JSON). */
const ASSETS = ['schemas/profile.schema.json'];

function tsFiles(rel) {
  const abs = join(ROOT, rel);
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsFiles(join(rel, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(rel, e.name)]
        : [],
  );
}

/**
 * Bundles the yaml package into one CommonJS file with esbuild (tsx's own dependency). Without esbuild it writes
 * nothing, and the compiled code loads the package.
 */
function bundleYaml(out) {
  let esbuild;
  try {
    esbuild = require(require.resolve('esbuild', { paths: [dirname(require.resolve('tsx/package.json'))] }));
  } catch {
    return false;
  }
  esbuild.buildSync({
    entryPoints: [require.resolve('yaml')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  return true;
}

function build() {
  let swc;
  try {
    swc = require('@swc/core');
  } catch {
    process.stderr.write(
      'patchline build: @swc/core is not installed; the CLI runs the TypeScript sources through tsx\n',
    );
    return;
  }
  const start = Date.now();
  const files = SOURCES.flatMap(tsFiles).sort();
  // Built beside dist/ and swapped in, so a failed build never leaves half a dist/ that looks current.
  const tmp = `${DIST}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const sources = {};
  for (const rel of files) {
    const abs = join(ROOT, rel);
    sources[rel] = statSync(abs).mtimeMs;
    const { code } = swc.transformSync(readFileSync(abs, 'utf8'), {
      filename: abs,
      swcrc: false,
      configFile: false,
      sourceMaps: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
      module: { type: 'commonjs', strictMode: true },
    });
    const out = join(tmp, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  for (const rel of ASSETS) {
    mkdirSync(dirname(join(tmp, rel)), { recursive: true });
    copyFileSync(join(ROOT, rel), join(tmp, rel));
    sources[rel] = statSync(join(ROOT, rel)).mtimeMs;
  }
  // The profile schema's validator as standalone code: `validate` then skips ajv's compile (about 0.4 s).
  const { compileProfileSchema } = require(join(tmp, 'src', 'profile', 'schema-ajv.js'));
  const { ajv, validate } = compileProfileSchema(true);
  writeFileSync(
    join(tmp, 'src', 'profile', 'schema-validator.js'),
    require('ajv/dist/standalone').default(ajv, validate),
  );
  // yaml as one file (src/profile/yaml.ts): loading its 72 modules took `validate` longer than parsing a profile.
  if (bundleYaml(join(tmp, 'src', 'profile', 'yaml-bundle.js'))) {
    const pkg = require.resolve('yaml/package.json');
    sources[relative(ROOT, pkg)] = statSync(pkg).mtimeMs;
  }
  writeFileSync(join(tmp, '.build.json'), JSON.stringify({ sources }) + '\n');
  rmSync(DIST, { recursive: true, force: true });
  renameSync(tmp, DIST);
  if (!process.argv.includes('--quiet'))
    process.stderr.write(
      `patchline build: ${files.length} files into ${relative(process.cwd(), DIST) || '.'} in ${Date.now() - start} ms\n`,
    );
}

build();
