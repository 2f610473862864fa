// The compiled CLI (npm run build → dist/, run through bin/patchline.js): the same results as the TypeScript
// sources, and `validate` loads neither cdktf nor ajv's schema compiler.
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, utimesSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import {
  ACME,
  ACME_CONTRACT,
  AS_OF,
  cli,
  DEFAULT_PROFILE,
  editedCopy,
  loadModel,
  replaceOnce,
  ROOT,
  type CliResult,
} from '../support/profiles';
import { readTree } from '../support/synth';
import { BENCH_AS_OF, writeProfile } from '../../bench/generate';
import { synthesize } from '../../src/synth';
import { PRESTART_MIN_BYTES } from '../../src/synth/worker-pool';

const BIN = join(ROOT, 'bin', 'patchline.js');

/** Runs bin/patchline.js (of `root`, a checkout; in `cwd`), returning what it printed and every module file it loaded. */
function compiled(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  root = ROOT,
  cwd = root,
): CliResult & { modules: string[] } {
  const list = join(mkdtempSync(join(tmpdir(), 'patchline-modules-')), 'loaded.txt');
  const bin = root === ROOT ? BIN : join(root, 'bin', 'patchline.js');
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'test', 'support', 'loaded-modules.js'), bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PATCHLINE_LOADED_MODULES: list, ...env },
  });
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    modules: readFileSync(list, 'utf8').split('\n').filter(Boolean),
  };
}

beforeAll(() => {
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(b.stderr).toBe('');
  expect(b.status).toBe(0);
}, 120_000);

const inDist = (m: string) => m.startsWith(join(ROOT, 'dist') + '/');

test('validate runs the compiled output and loads neither cdktf, the provider bindings nor the ajv compiler', () => {
  const r = compiled(['validate', ACME, '--as-of', AS_OF]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/valid \(8 accounts/);
  expect(r.modules.filter((m) => m.includes('/cli.')).every(inDist)).toBe(true);
  expect(r.modules.some((m) => m.endsWith(join('dist', 'src', 'profile', 'schema-validator.js')))).toBe(true);
  const heavy = r.modules.filter((m) =>
    /node_modules\/(cdktf|@cdktf|constructs|tsx|ajv\/dist\/(core|compile))\//.test(m),
  );
  expect(heavy).toEqual([]);
  // The YAML parser is one bundled file (scripts/build.js), not the yaml package's 72 modules.
  expect(r.modules.filter((m) => m.includes('/node_modules/yaml/'))).toEqual([]);
  expect(r.modules.some((m) => m.endsWith(join('dist', 'src', 'profile', 'yaml-bundle.js')))).toBe(true);
  // Acme enforces its target maturity, so validate assessed it: the compliance engine is loaded, the stacks are not.
  expect(r.modules.some((m) => m.endsWith(join('dist', 'src', 'compliance', 'assess.js')))).toBe(true);
  expect(r.modules.filter((m) => /-stack\.js$/.test(m))).toEqual([]);
});

test('invalid profiles get the same diagnostics and exit code from the precompiled schema validator as from ajv under tsx', () => {
  const broken = editedCopy(DEFAULT_PROFILE, (t) =>
    replaceOnce(t, /^organization:\n/m, 'organization:\n  regoins: [ap-southeast-2]\n'),
  );
  for (const profile of [broken, ACME_CONTRACT]) {
    const a = compiled(['validate', profile, '--as-of', AS_OF]);
    const b = cli(['validate', profile, '--as-of', AS_OF]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/error/);
    expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual(b);
  }
});

test('the compiled CLI and the TypeScript sources synthesize the default profile byte for byte the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-compiled-'));
  const a = compiled(['synth', DEFAULT_PROFILE, '--out', join(dir, 'compiled'), '--as-of', AS_OF]);
  expect(a.stderr).not.toMatch(/error/);
  expect(a.modules.filter((m) => m.includes('/stacks/patching-stack.')).every(inDist)).toBe(true);
  const b = cli(['synth', DEFAULT_PROFILE, '--out', join(dir, 'sources'), '--as-of', AS_OF]);
  expect([a.code, b.code]).toEqual([0, 0]);
  expect(readTree(join(dir, 'compiled'))).toEqual(readTree(join(dir, 'sources')));
  // cdktf is loaded, the archiver its index requires for assets is not (src/synth/lazy-archiver.ts).
  expect(a.modules.some((m) => /node_modules\/cdktf\/lib\/index\.js$/.test(m))).toBe(true);
  expect(a.modules.filter((m) => /node_modules\/(archiver-utils|zip-stream|archiver\/lib)\//.test(m))).toEqual([]);
}, 180_000);

test('a large profile: the compiled CLI (workers started first, then given its model source) writes what one thread writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-compiled-'));
  const file = writeProfile(dir, 300);
  expect(readFileSync(file).length).toBeGreaterThanOrEqual(PRESTART_MIN_BYTES);
  const r = compiled(['synth', file, '--out', join(dir, 'cli'), '--as-of', BENCH_AS_OF]);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  synthesize(loadModel(file, BENCH_AS_OF), join(dir, 'one'), { workers: 1 });
  const cli = readTree(join(dir, 'cli'));
  expect(Object.keys(cli).filter((f) => f.endsWith('cdk.tf.json')).length).toBeGreaterThan(300);
  expect(cli).toEqual(readTree(join(dir, 'one')));
}, 180_000);

test('the archiver stand-in cdktf gets loads the real archiver on its first call', () => {
  const archiver = require.resolve('archiver', { paths: [dirname(require.resolve('cdktf'))] });
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(join(ROOT, 'dist', 'src', 'synth', 'app.js'))});
       const loaded = () => Object.keys(require.cache).some((m) => m.includes('/zip-stream/'));
       const before = loaded();
       const zip = require(${JSON.stringify(archiver)})('zip', { zlib: { level: 9 } });
       console.log(JSON.stringify([before, loaded(), typeof zip.pipe, typeof zip.directory]));`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([false, true, 'function', 'function']);
});

test('a source file newer than the build sends the launcher to the sources through tsx', () => {
  // In a copy of the checkout (node_modules linked, times kept): touching a source here would make the other
  // suites' concurrent builds and runs see it.
  const root = mkdtempSync(join(tmpdir(), 'patchline-checkout-'));
  for (const entry of [
    'bin',
    'dist',
    'src',
    'stacks',
    'schemas',
    'config',
    'cli.ts',
    'main.ts',
    'package.json',
    'tsconfig.json',
  ])
    cpSync(join(ROOT, entry), join(root, entry), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const inCopyDist = (m: string) => m.startsWith(join(root, 'dist') + '/');
  const profile = join(root, 'config', 'org.yaml');
  expect(compiled(['validate', profile, '--as-of', AS_OF], {}, root).modules.some(inCopyDist)).toBe(true);
  const file = join(root, 'src', 'naming.ts');
  const build = JSON.parse(readFileSync(join(root, 'dist', '.build.json'), 'utf8'));
  const mtime = build.sources['src/naming.ts'] / 1000;
  utimesSync(file, new Date(), new Date(mtime * 1000 + 5000));
  const r = compiled(['validate', profile, '--as-of', AS_OF], {}, root);
  expect(r.code).toBe(0);
  expect(r.modules.some((m) => m === file)).toBe(true);
  expect(r.modules.some(inCopyDist)).toBe(false);
  // From any folder (npx patchline in a project): tsx is found beside the launcher, not in the working directory.
  const elsewhere = compiled(
    ['validate', profile, '--as-of', AS_OF],
    {},
    root,
    mkdtempSync(join(tmpdir(), 'patchline-cwd-')),
  );
  expect(elsewhere.stderr).not.toMatch(/Error|Cannot find/);
  expect(elsewhere.code).toBe(0);
  expect(elsewhere.modules.some((m) => m === file)).toBe(true);
  utimesSync(file, new Date(), new Date(mtime * 1000));
  expect(compiled(['validate', profile, '--as-of', AS_OF], {}, root).modules.some(inCopyDist)).toBe(true);
}, 60_000);
