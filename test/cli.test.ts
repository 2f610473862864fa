import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cli, DEFAULT_PROFILE, editedCopy, replaceOnce, ACME } from './support/profiles';

/** path → content of every file below dir. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('patchline CLI', () => {
  test('validate accepts the default profile', () => {
    const r = cli(['validate', DEFAULT_PROFILE, '--as-of', '2026-11-24']);
    // The one warning: the Windows pipeline's WED#2 cron runs before Patch Tuesday in September 2027.
    expect(r.stderr).toMatch(/^config\/org\.yaml:91:15 {2}imageFactory\.pipelines\.windows-2025\.schedule\.cron {2}warning: runs before Patch Tuesday in September 2027: [^\n]*\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid \(7 accounts, 2 regions\)/);
  });

  test('an invalid profile: every error, exit 2, no stack trace, and cdktf.out untouched', () => {
    const work = mkdtempSync(join(tmpdir(), 'patchline-cli-'));
    const out = join(work, 'cdktf.out');
    mkdirSync(join(out, 'stacks', 'old'), { recursive: true });
    writeFileSync(join(out, 'stacks', 'old', 'cdk.tf.json'), '{"previous": true}');
    writeFileSync(join(out, 'manifest.json'), '{}');
    const before = snapshot(out);

    const bad = editedCopy(ACME, (t) => replaceOnce(replaceOnce(t, '  account: shared-services', '  account: shared-servces'), '"444444444444"', '"4444"'));
    for (const args of [['synth', bad, '--out', out], ['validate', bad]]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      // Acme's warnings (no build network, no Lambda code scanning in Melbourne) print too; errors are what matter here.
      const lines = r.stderr.trim().split('\n').filter((l) => !/ {2}warning: /.test(l));
      expect(lines).toEqual([
        expect.stringMatching(/profile\.yaml:23:26 {2}organization\.accounts\.payments-prod\.id {2}text "4444" must be a 12-digit AWS account ID$/),
        expect.stringMatching(/profile\.yaml:53:12 {2}imageFactory\.account {2}unknown account "shared-servces" \(did you mean "shared-services"\?\)$/),
        expect.stringMatching(/profile\.yaml:118:15 {2}imageFactory\.pipelines\.windows-2022-base\.schedule\.cron {2}warning: runs before Patch Tuesday/),
        '2 errors in the profile; nothing was written.',
      ]);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect(snapshot(out)).toEqual(before);
  });

  // Each kind of broken profile, through the real CLI: positioned errors, exit 2, the previous output untouched.
  test.each([
    ['syntax error', (t: string) => replaceOnce(t, 'regions: [ap-southeast-2, ap-southeast-4]\n  organizationalUnits', 'regions: [ap-southeast-2, ap-southeast-4\n  organizationalUnits'), /profile\.yaml:\d+:\d+ {2}\(yaml\) {2}YAML syntax error/],
    ['unknown key', (t: string) => replaceOnce(t, '  ringTag: patch-ring', '  ringTags: patch-ring'), /profile\.yaml:\d+:3 {2}patching\.ringTags {2}unknown key "ringTags" \(did you mean "ringTag"\?\)/],
    ['wrong type', (t: string) => replaceOnce(t, '  targetMaturity: 2', '  targetMaturity: two'), /profile\.yaml:44:19 {2}compliance\.targetMaturity {2}must be a whole number/],
    ['dangling reference', (t: string) => replaceOnce(t, '  delegatedAdmin: audit', '  delegatedAdmin: audti'), /profile\.yaml:49:19 {2}inspector\.delegatedAdmin {2}"audti" is not an account of the organization.*\(did you mean "audit"\?\)/],
    ['bad account ID', (t: string) => replaceOnce(t, '"555555555555"', '"5555"'), /profile\.yaml:24:\d+ {2}organization\.accounts\.payments-nonprod\.id {2}text "5555" must be a 12-digit AWS account ID/],
    ['duplicate key', (t: string) => replaceOnce(t, '  ringTag: patch-ring\n', '  ringTag: patch-ring\n  ringTag: ring\n'), /profile\.yaml:\d+:3 {2}patching\.ringTag {2}key "ringTag" is written twice/],
  ])('%s: exit 2, positioned error, cdktf.out untouched', (_kind, edit, expected) => {
    const work = mkdtempSync(join(tmpdir(), 'patchline-cli-'));
    const out = join(work, 'cdktf.out');
    mkdirSync(join(out, 'stacks', 'old'), { recursive: true });
    writeFileSync(join(out, 'stacks', 'old', 'cdk.tf.json'), '{"previous": true}');
    const before = snapshot(out);
    const r = cli(['synth', editedCopy(ACME, edit), '--out', out, '--as-of', '2026-11-24']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toMatch(/nothing was written\.\n$/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(work)).toEqual(['cdktf.out']);
  });

  test('synth writes every stack and the manifest; PROFILE selects the profile', () => {
    const work = mkdtempSync(join(tmpdir(), 'patchline-cli-'));
    const r = cli(['synth', '--out', join(work, 'out')], { env: { PROFILE: ACME } });
    expect(r.code).toBe(0);
    const stacks = readdirSync(join(work, 'out', 'stacks')).sort();
    expect(stacks).toContain('shared-services-image-factory');
    expect(JSON.parse(readFileSync(join(work, 'out', 'stacks.json'), 'utf8')).stacks).toHaveLength(stacks.length);
  });

  test('unknown verb prints usage and fails', () => {
    const r = cli(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/usage: patchline/);
  });
});
