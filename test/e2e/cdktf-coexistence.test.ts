// The cdktf CLI on the same folder as Patchline's atomic synth: profile A, then profile B with fewer stacks.
// cdktf lists the stack folders before running the app and deletes the orphans itself afterwards; terraform's
// lock file and .terraform in a stack folder survive a re-synth, as they do with cdktf's in-place synth.
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ACME, AS_OF, editedCopy, replaceOnce, ROOT } from '../support/profiles';

function cdktfSynth(profile: string, out: string) {
  return spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), 'synth', '--output', out],
    {
      cwd: ROOT,
      env: { ...process.env, PROFILE: profile, PATCHLINE_AS_OF: AS_OF, CHECKPOINT_DISABLE: '1', CI: '1' },
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
}

test('npx cdktf synth of profile A, then of profile B with fewer stacks, in the same folder', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'patchline-cdktf-')), 'cdktf.out');
  const a = cdktfSynth(ACME, out);
  expect(a.stderr).not.toMatch(/Error/);
  expect(a.status).toBe(0);
  expect(readdirSync(join(out, 'stacks'))).toContain('shared-services-patching');

  // terraform init leaves these behind in a stack folder.
  const factory = join(out, 'stacks', 'shared-services-image-factory');
  writeFileSync(join(factory, '.terraform.lock.hcl'), '# lock\n');
  mkdirSync(join(factory, '.terraform', 'providers'), { recursive: true });
  writeFileSync(join(factory, '.terraform', 'providers', 'marker'), 'x');

  // B drops the infrastructure OU from patching: shared-services-patching becomes an orphan.
  const fewer = editedCopy(ACME, (t) =>
    replaceOnce(t, 'organizationalUnits: [workloads, infrastructure]', 'organizationalUnits: [workloads]'),
  );
  const b = cdktfSynth(fewer, out);
  expect(b.stderr).not.toMatch(/ENOENT|Error/);
  expect(b.status).toBe(0);
  const stacks = readdirSync(join(out, 'stacks'));
  expect(stacks).not.toContain('shared-services-patching');
  expect(stacks.sort()).toEqual(
    JSON.parse(readFileSync(join(out, 'stacks.json'), 'utf8'))
      .stacks.map((s: { name: string }) => s.name)
      .sort(),
  );
  expect(readFileSync(join(factory, '.terraform.lock.hcl'), 'utf8')).toBe('# lock\n');
  expect(existsSync(join(factory, '.terraform', 'providers', 'marker'))).toBe(true);
}, 300_000);
