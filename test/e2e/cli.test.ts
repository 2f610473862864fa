import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cli, DEFAULT_PROFILE, editedCopy, replaceOnce, ACME } from '../support/profiles';

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
    expect(r.stderr).toMatch(
      /^config\/org\.yaml:\d+:15 {2}imageFactory\.pipelines\.windows-2025\.schedule\.cron {2}warning: runs before Patch Tuesday in September 2027: [^\n]*\n$/,
    );
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

    const bad = editedCopy(ACME, (t) =>
      replaceOnce(
        replaceOnce(t, '  account: shared-services', '  account: shared-servces'),
        '"444444444444"',
        '"4444"',
      ),
    );
    for (const args of [
      ['synth', bad, '--out', out],
      ['validate', bad],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      // Acme's warnings (no build network, no Lambda code scanning in Melbourne) print too; errors are what matter here.
      const lines = r.stderr
        .trim()
        .split('\n')
        .filter((l) => !/ {2}warning: /.test(l));
      expect(lines).toEqual([
        expect.stringMatching(
          /profile\.yaml:23:26 {2}organization\.accounts\.payments-prod\.id {2}text "4444" must be a 12-digit AWS account ID$/,
        ),
        expect.stringMatching(
          /profile\.yaml:53:12 {2}imageFactory\.account {2}unknown account "shared-servces" \(did you mean "shared-services"\?\)$/,
        ),
        '2 errors in the profile; nothing was written.',
      ]);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect(snapshot(out)).toEqual(before);
  });

  // Each kind of broken profile, through the real CLI: positioned errors, exit 2, the previous output untouched.
  test.each([
    [
      'syntax error',
      (t: string) =>
        replaceOnce(
          t,
          'regions: [ap-southeast-2, ap-southeast-4]\n  organizationalUnits',
          'regions: [ap-southeast-2, ap-southeast-4\n  organizationalUnits',
        ),
      /profile\.yaml:\d+:\d+ {2}\(yaml\) {2}YAML syntax error/,
    ],
    [
      'unknown key',
      (t: string) => replaceOnce(t, '  ringTag: patch-ring', '  ringTags: patch-ring'),
      /profile\.yaml:\d+:3 {2}patching\.ringTags {2}unknown key "ringTags" \(did you mean "ringTag"\?\)/,
    ],
    [
      'wrong type',
      (t: string) => replaceOnce(t, '  targetMaturity: 2', '  targetMaturity: two'),
      /profile\.yaml:44:19 {2}compliance\.targetMaturity {2}must be a whole number/,
    ],
    [
      'dangling reference',
      (t: string) => replaceOnce(t, '  delegatedAdmin: audit', '  delegatedAdmin: audti'),
      /profile\.yaml:49:19 {2}inspector\.delegatedAdmin {2}"audti" is not an account of the organization.*\(did you mean "audit"\?\)/,
    ],
    [
      'bad account ID',
      (t: string) => replaceOnce(t, '"555555555555"', '"5555"'),
      /profile\.yaml:24:\d+ {2}organization\.accounts\.payments-nonprod\.id {2}text "5555" must be a 12-digit AWS account ID/,
    ],
    [
      'duplicate key',
      (t: string) => replaceOnce(t, '  ringTag: patch-ring\n', '  ringTag: patch-ring\n  ringTag: ring\n'),
      /profile\.yaml:\d+:3 {2}patching\.ringTag {2}key "ringTag" is written twice/,
    ],
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

  test('synth --out creates missing parent folders', () => {
    const work = mkdtempSync(join(tmpdir(), 'patchline-cli-'));
    const out = join(work, 'a', 'new', 'dir');
    const r = cli(['synth', DEFAULT_PROFILE, '--out', out, '--as-of', '2026-11-24']);
    expect(r.stderr.split('\n').filter((l) => l && !/ {2}warning: /.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'stacks.json'), 'utf8')).stacks.length).toBeGreaterThan(0);
    expect(readdirSync(join(work, 'a', 'new'))).toEqual(['dir']);
  });
});

// Usage errors: exit 2, the offending verb, flag or value named, a suggestion when one is close, no stack trace.
describe('strict command line', () => {
  test.each([
    ['unknown verb', ['frobnicate'], /unknown command 'frobnicate'/],
    ['misspelt verb', ['synht'], /unknown command 'synht'\n\(Did you mean synth\?\)/],
    ['unknown flag', ['synth', '--outt', 'x'], /unknown option '--outt'\n\(Did you mean --out\?\)/],
    ['flag of another verb', ['validate', '--json'], /unknown option '--json'/],
    [
      'extra positional',
      ['validate', 'a.yaml', 'b.yaml'],
      /too many arguments for 'validate'\. Expected 1 argument but got 2/,
    ],
    ['plan takes no positional', ['plan', 'cdktf.out'], /too many arguments for 'plan'/],
    ['missing argument', ['affected', 'base-out'], /missing required argument 'head-out'/],
    ['flag without its value', ['synth', '--out'], /option '--out <dir>' argument missing/],
    [
      'not a date',
      ['validate', '--as-of', '24/11/2026'],
      /option '--as-of <YYYY-MM-DD>' argument '24\/11\/2026' is invalid\. expected a date as YYYY-MM-DD/,
    ],
    [
      'not a calendar day',
      ['validate', '--as-of', '2026-02-30'],
      /option '--as-of <YYYY-MM-DD>' argument '2026-02-30' is invalid\. 2026-02-30 is not a day of the calendar/,
    ],
    [
      'not a positive number',
      ['plan', '--parallelism', '0'],
      /option '--parallelism <n>' argument '0' is invalid\. expected a positive whole number/,
    ],
    ['bad shard', ['plan', '--shard', '3/2'], /option '--shard <i\/n>' argument '3\/2' is invalid/],
    [
      'unknown role',
      ['plan', '--role', 'admin'],
      /option '--role <role>' argument 'admin' is invalid\. Allowed choices are deploy, plan/,
    ],
  ])('%s: exit 2 naming it', (_what, args, message) => {
    const r = cli(args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('a leap day is a calendar day', () => {
    const r = cli(['validate', DEFAULT_PROFILE, '--as-of', '2028-02-29']);
    expect(r.stderr).not.toMatch(/as-of/);
    expect(r.stdout + r.stderr).toMatch(/org\.yaml/);
  });

  test.each(['validate', 'synth', 'report', 'affected', 'plan', 'apply', 'check', 'plan-report'])(
    '%s --help: its own usage and options, exit 0',
    (verb) => {
      const r = cli([verb, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: patchline ${verb} `));
      expect(r.stdout).toContain('-h, --help');
      expect(r.stdout).not.toMatch(/Commands:/);
    },
  );

  test('--help lists every verb; no verb at all is a usage error', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    for (const v of ['validate', 'synth', 'report', 'affected', 'plan', 'apply', 'check', 'plan-report'])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${v} `));
    const none = cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: patchline/);
  });

  test('validate and --help never load cdktf (start-up stays lean)', () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'patchline-trace-')), 'trace.cjs');
    writeFileSync(
      trace,
      `const M = require('module'); const seen = []; const load = M._load;
M._load = function (req, parent, isMain) { try { seen.push(M._resolveFilename(req, parent, isMain)); } catch {} return load.apply(this, arguments); };
process.on('exit', () => process.stderr.write('cdktf loaded: ' + seen.some((f) => f.includes('/node_modules/cdktf/')) + '\\n'));`,
    );
    const run = (args: string[]) => cli(args, { env: { NODE_OPTIONS: `--require ${trace}` } });
    expect(run(['validate', DEFAULT_PROFILE, '--as-of', '2026-11-24']).stderr).toContain('cdktf loaded: false');
    expect(run(['synth', '--help']).stderr).toContain('cdktf loaded: false');
    // The probe works: synth does load it.
    const out = join(mkdtempSync(join(tmpdir(), 'patchline-cli-')), 'out');
    expect(run(['synth', DEFAULT_PROFILE, '--out', out, '--as-of', '2026-11-24']).stderr).toContain(
      'cdktf loaded: true',
    );
  });

  test('synth --no-enforce (and PATCHLINE_ENFORCE=false) synthesizes a profile that misses its enforced target', () => {
    const missed = editedCopy(ACME, (t) => replaceOnce(t, '  targetMaturity: 2', '  targetMaturity: 3'));
    const work = mkdtempSync(join(tmpdir(), 'patchline-cli-'));
    const enforced = cli(['synth', missed, '--out', join(work, 'a'), '--as-of', '2026-11-24']);
    expect(enforced.code).toBe(2);
    expect(enforced.stderr).toMatch(/maturity level 3 is not met/);
    expect(cli(['synth', missed, '--out', join(work, 'b'), '--as-of', '2026-11-24', '--no-enforce']).code).toBe(0);
    expect(
      cli(['synth', missed, '--out', join(work, 'c'), '--as-of', '2026-11-24'], { env: { PATCHLINE_ENFORCE: 'false' } })
        .code,
    ).toBe(0);
  });
});

// plan and apply check terraform and credentials once, before touching any stack.
describe('plan/apply preflight', () => {
  const work = mkdtempSync(join(tmpdir(), 'patchline-preflight-'));
  const out = join(work, 'out');
  beforeAll(() => {
    expect(cli(['synth', DEFAULT_PROFILE, '--out', out, '--as-of', '2026-11-24']).code).toBe(0);
  });
  const bin = (name: string, script: string) => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'terraform'), script, { mode: 0o755 });
    return dir;
  };
  const noAws = {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };

  test.each(['plan', 'apply'])('%s: no terraform on PATH is one message, exit 1', (verb) => {
    const r = cli([verb, '--out', out], { env: { PATH: bin('empty', '#!/bin/sh\nexit 1\n').replace(/$/, '-none') } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'patchline: terraform is not runnable (ENOENT): install Terraform 1.11.0 or later and put it on the PATH',
    );
    expect(r.stdout).toBe('');
  });

  test('an old terraform is refused with its version', () => {
    const dir = bin('old', '#!/bin/sh\necho \'{"terraform_version":"1.5.7"}\'\n');
    const r = cli(['plan', '--out', out], { env: { PATH: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('patchline: terraform 1.5.7 is too old: the stacks need 1.11.0 or later');
  });

  test('no AWS credentials: one message naming what to set, before any stack is planned', () => {
    const dir = bin('ok', '#!/bin/sh\necho \'{"terraform_version":"1.11.4"}\'\n');
    const r = cli(['plan', '--out', out], { env: { ...noAws, PATH: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^patchline: no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY/,
      ),
    ]);
    expect(r.stdout).not.toMatch(/Planning/);
  });

  test('--role plan without terraform.planPrincipal is a usage error', () => {
    const r = cli(['plan', '--out', out, '--role', 'plan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--role plan: stack \S+ has no plan role; set terraform.planPrincipal/);
  });
});
