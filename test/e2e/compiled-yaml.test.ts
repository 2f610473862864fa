// The compiled CLI parses YAML with the bundled copy of the yaml package (dist/src/profile/yaml-bundle.js, written
// by scripts/build.js): the same diagnostics as the TypeScript sources, which load the package, for problems the
// parser itself finds.
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AS_OF, cli, DEFAULT_PROFILE, editedCopy, replaceOnce, ROOT } from '../support/profiles';

const BIN = join(ROOT, 'bin', 'patchline.js');

beforeAll(() => {
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(b.status).toBe(0);
}, 120_000);

function compiled(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function written(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'patchline-yaml-')), 'profile.yaml');
  writeFileSync(file, text);
  return file;
}

const profiles: [string, () => string][] = [
  [
    'a key written twice',
    () =>
      editedCopy(DEFAULT_PROFILE, (t) =>
        replaceOnce(t, '  homeRegion: ap-southeast-2\n', '  homeRegion: ap-southeast-2\n  homeRegion: us-east-1\n'),
      ),
  ],
  [
    'a syntax error',
    () => editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, '  rootId: r-wh01\n', '  rootId: [r-wh01\n')),
  ],
  [
    'an alias bomb',
    () =>
      written(
        `version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
      ),
  ],
  [
    'deep nesting',
    () =>
      written(
        `version: 1\norganization:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n`,
      ),
  ],
  ['a valid profile with warnings', () => DEFAULT_PROFILE],
];

test.each(profiles)('%s: the same output and exit code from the bundled parser as from the package', (_, profile) => {
  const file = profile();
  const a = compiled(['validate', file, '--as-of', AS_OF]);
  const b = cli(['validate', file, '--as-of', AS_OF]);
  expect(a).toEqual(b);
  expect(a.stderr.length + a.stdout.length).toBeGreaterThan(0);
});
