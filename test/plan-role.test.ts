// The read-only plan role: one per account with stacks (with terraform.planPrincipal), trusted only by the CI's
// plan identity, and its policy can read but never change anything; `plan --role plan` makes every provider use it.
import { mkdtempSync, cpSync, readdirSync, readFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { selectTargets, withRole } from '../src/cli/plan';
import { ROLE_OVERRIDE_FILE, writeRoleOverride } from '../src/terraform/role-override';
import { checkOutput } from '../src/security/check';
import { ACME, editedCopy, replaceOnce } from './support/profiles';
import { synth } from './support/synth';

const PRINCIPAL = 'arn:aws:iam::111111111111:role/github-plan';
const withPlanPrincipal = editedCopy(ACME, (t) =>
  replaceOnce(t, '\nterraform:\n', `\nterraform:\n  planPrincipal: ${PRINCIPAL}\n`),
);

/** Read actions only: Describe/Get/List/BatchGet, each on a named service. */
const READ_ACTION = /^[a-z0-9-]+:(Get|List|Describe|BatchGet)[A-Za-z0-9]*\*?$/;
/** Not a Get/List/Describe, each for a stated reason. */
const JUSTIFIED: Record<string, string> = {
  // Refreshing the expedite BaselineOverride (an SSE-KMS aws_s3_object with a JSON body) decrypts it, through S3 only.
  'kms:Decrypt': 'Condition kms:ViaService s3.*.amazonaws.com',
};

describe('plan-access stacks', () => {
  const acme = synth(withPlanPrincipal);
  const planStacks = acme.manifest.stacks.filter((s) => s.concern === 'plan-access');

  test('one per account that has stacks, none without terraform.planPrincipal; the other stacks are unchanged', () => {
    const accounts = new Set(acme.manifest.stacks.filter((s) => s.concern !== 'plan-access').map((s) => s.accountId));
    expect(planStacks.map((s) => s.accountId).sort()).toEqual([...accounts].sort());
    expect(acme.manifest.stacks.every((s) => s.planRoleArn === `arn:aws:iam::${s.accountId}:role/patchline-plan`)).toBe(
      true,
    );
    const without = synth(ACME);
    expect(without.manifest.stacks.some((s) => s.concern === 'plan-access' || s.planRoleArn)).toBe(false);
    // Adding the key changes no existing stack (no state key, no resource moves).
    const hashes = new Map(without.manifest.stacks.map((s) => [s.key, [s.hash, s.backend.key]]));
    for (const s of acme.manifest.stacks.filter((x) => x.concern !== 'plan-access'))
      expect([s.hash, s.backend.key]).toEqual(hashes.get(s.key));
  });

  test.each(['audit', 'shared-services'])('%s: trusted only by the plan principal; every action reads', (alias) => {
    const name = `${alias}-plan-access`;
    const [[, role]] = acme.resources(name, 'aws_iam_role');
    expect(role.name).toBe('patchline-plan');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Sid: 'CiPlanIdentityOnly', Effect: 'Allow', Principal: { AWS: PRINCIPAL }, Action: 'sts:AssumeRole' },
    ]);
    const policies = acme.resources(name, 'aws_iam_role_policy');
    expect(policies).toHaveLength(1);
    const statements = JSON.parse(policies[0][1].policy).Statement;
    expect(statements.every((s: { Effect: string }) => s.Effect === 'Allow')).toBe(true);
    const actions: string[] = statements.flatMap((s: { Action: string | string[] }) =>
      ([] as string[]).concat(s.Action),
    );
    for (const a of actions) {
      if (READ_ACTION.test(a)) continue;
      expect(JUSTIFIED).toHaveProperty([a]);
      const st = statements.find((s: { Action: string | string[] }) => ([] as string[]).concat(s.Action).includes(a));
      expect(JSON.stringify(st.Condition)).toContain('kms:ViaService');
    }
    // Objects are readable only where a refresh reads them: the override documents and the state prefix.
    const objectReads = statements
      .filter((s: { Action: string | string[] }) => ([] as string[]).concat(s.Action).includes('s3:GetObject'))
      .flatMap((s: { Resource: string | string[] }) => ([] as string[]).concat(s.Resource));
    for (const r of objectReads)
      expect(r).toMatch(
        /^arn:aws:s3:::(patchline-patch-logs-\d{12}-[a-z0-9-]+\/baseline-overrides\/\*|acme-terraform-state-111111111111\/patching\/\*)$/,
      );
    // Bucket-level reads never reach objects.
    const bucketLevel = statements.find((s: { Sid: string }) => s.Sid === 'ReadPatchlineBucketConfiguration');
    expect(bucketLevel.Resource).toBe('arn:aws:s3:::patchline-*');
  });

  test('the security rules pass on every stack, plan-access ones included', () => {
    const { stacks, findings } = checkOutput(acme.out);
    expect(stacks.length).toBe(acme.manifest.stacks.length);
    expect(findings).toEqual([]);
  });

  test("--role plan: every provider assumes the account's plan role through an override file that is removed afterwards", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'patchline-role-')), 'out');
    cpSync(acme.out, out, { recursive: true });
    const targets = withRole(selectTargets({ out, stacks: ['shared-services-image-factory'] }), 'plan', [out]);
    expect(targets[0].assumeRole).toBe('arn:aws:iam::333333333333:role/patchline-plan');
    const dir = targets[0].dir;
    const remove = writeRoleOverride(dir, targets[0].assumeRole!);
    const override = JSON.parse(readFileSync(join(dir, ROLE_OVERRIDE_FILE), 'utf8'));
    const providers = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')).provider.aws;
    expect(override.provider.aws.map((p: { alias: string }) => p.alias)).toEqual(
      providers.map((p: { alias: string }) => p.alias),
    );
    expect(
      override.provider.aws.every(
        (p: { assume_role: { role_arn: string }[] }) =>
          p.assume_role[0].role_arn === 'arn:aws:iam::333333333333:role/patchline-plan',
      ),
    ).toBe(true);
    remove();
    expect(existsSync(join(dir, ROLE_OVERRIDE_FILE))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(
      readdirSync(join(acme.out, 'stacks', 'shared-services-image-factory')).sort(),
    );
    // Without the key there is no plan role to use: a usage error, not a plan with the deployment role.
    expect(() => withRole(selectTargets({ out: synth(ACME).out }), 'plan', [])).toThrow(
      /has no plan role; set terraform.planPrincipal/,
    );
  });
});
