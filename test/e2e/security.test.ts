// `patchline check` run as a user would (the rules themselves: ../security.test.ts).
import { tmpdir } from 'os';
import { join } from 'path';
import { RULES } from '../../src/security/rules';
import { goodStack, outWith } from '../fixtures/security-stack';
import { cli } from '../support/profiles';

const R = (s: any) => s.resource;
const dist = (s: any, i: number) =>
  R(s).aws_imagebuilder_distribution_configuration.dist.distribution[i].ami_distribution_configuration;

describe('patchline check', () => {
  test('patchline check fails on a hand-edited stack with an undeclared provider', () => {
    const s = goodStack();
    s.provider.google = { project: 'p', region: 'australia-southeast1' };
    const r = cli(['check', outWith(s)]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'fixture  provider.google  PL-PROV-1  provider "google" is not declared in src/terraform/providers.ts, so check cannot tell how it authenticates (it may run on ambient credentials)',
    ]);
  });

  test('prints stack  address  rule  message per finding and exits 1; exits 0 when clean', () => {
    const bad = goodStack();
    dist(bad, 1).target_account_ids = ['999999999999'];
    R(bad).aws_kms_key['key-s4'].enable_key_rotation = false;
    const r = cli(['check', outWith(bad)]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'fixture  aws_imagebuilder_distribution_configuration.dist  PL-SHARE-1  distribution ap-southeast-4: copies to account 999999999999 is not in organization o-fixture0001',
      'fixture  aws_kms_key.key-s4  PL-KMS-1  enable_key_rotation is not true',
    ]);
    expect(r.stderr).toMatch(/1 stacks, \d+ rules: 2 findings/);

    const good = cli(['check', outWith(goodStack())]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/no findings/);
  });

  test('--rules lists every rule with its equivalents as a Markdown table', () => {
    const r = cli(['check', '--rules']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows.slice(0, 2)).toEqual(['| rule | checks | equivalent |', '|---|---|---|']);
    expect(rows.slice(2).map((l) => l.split(' | ')[0].slice(2))).toEqual(RULES.map((x) => x.id));
    expect(r.stdout).toContain(
      '| PL-KMS-1 | Customer-managed KMS keys rotate automatically (enable_key_rotation = true) | Checkov CKV_AWS_7; Trivy AVD-AWS-0065; Security Hub KMS.4 |',
    );
  });

  test('a directory with no output is an error, not a stack trace', () => {
    const r = cli(['check', join(tmpdir(), 'no-such-patchline-out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds no synthesized stacks/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
