import { ImageRetention, type RetentionRule } from '../../stacks/constructs/image-retention';
import { regionProvider, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '555555555555';
const rule = (key: string, extra: Partial<RetentionRule>): RetentionRule => ({
  key,
  name: `patchline-${key}-retention`,
  recipeName: `patchline-${key}`,
  recipeVersion: '1.2.3',
  keepLatest: 3,
  keepLaunchedWithinDays: 30,
  ...extra,
});

describe('ImageRetention', () => {
  const out = synthConstruct(
    (stack, iamProvider) =>
      new ImageRetention(stack, 'r', {
        iamProvider,
        provider: regionProvider(stack, 'us-east-1'),
        roleName: 'patchline-lifecycle',
        accountId: ACCOUNT,
        rules: [
          rule('neither', {}),
          rule('deprecate-only', { deprecateAfterDays: 90 }),
          rule('delete-only', { deleteAfterDays: 120 }),
          rule('both', { deprecateAfterDays: 60, deleteAfterDays: 180 }),
        ],
      }),
  );
  const policy = (key: string) =>
    out.all('aws_imagebuilder_lifecycle_policy').find((p) => p.name === `patchline-${key}-retention`);
  const kinds = (key: string) =>
    policy(key).policy_detail.map((d: any) => [d.action[0].type, d.filter[0].type, d.filter[0].value]);
  const neverRecentlyLaunched = [{ amis: [{ last_launched: [{ unit: 'DAYS', value: 30 }] }] }];

  test('one execution role Image Builder of this account assumes, with the lifecycle managed policy', () => {
    const role = out.one('aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'imagebuilder.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    ]);
    expect(out.one('aws_iam_role_policy_attachments_exclusive').policy_arns).toEqual([
      'arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy',
    ]);
  });

  test('every policy is an enabled AMI policy in the build region, on that role, after its policy is attached', () => {
    const attachments = out.one('aws_iam_role_policy_attachments_exclusive');
    for (const p of out.all('aws_imagebuilder_lifecycle_policy')) {
      expect(p).toMatchObject({
        provider: 'aws.us-east-1',
        resource_type: 'AMI_IMAGE',
        status: 'ENABLED',
        execution_role: out.ref('aws_iam_role', out.one('aws_iam_role'), 'arn'),
        depends_on: [out.address('aws_iam_role_policy_attachments_exclusive', attachments)],
      });
    }
  });

  test('selection is by recipe name and exact version', () => {
    expect(policy('both').resource_selection).toEqual([
      { recipe: [{ name: 'patchline-both', semantic_version: '1.2.3' }] },
    ]);
  });

  test('neither age: delete all but the newest keepLatest (a count rule)', () => {
    expect(kinds('neither')).toEqual([['DELETE', 'COUNT', 3]]);
    expect(policy('neither').policy_detail[0].filter[0].retain_at_least).toBeUndefined();
  });

  // The 2 x D delete default is the caller's (effectiveRetention, src/aws/image-builder.ts), not the construct's.
  test('deprecate only: deprecate by age, retaining keepLatest, and delete nothing', () => {
    expect(kinds('deprecate-only')).toEqual([['DEPRECATE', 'AGE', 90]]);
    expect(policy('deprecate-only').policy_detail[0].filter[0]).toMatchObject({ unit: 'DAYS', retain_at_least: 3 });
  });

  test('delete only: delete by age, retaining keepLatest', () => {
    expect(kinds('delete-only')).toEqual([['DELETE', 'AGE', 120]]);
  });

  test('both: deprecate first, then delete; deletes take AMIs and snapshots and spare recently launched AMIs', () => {
    expect(kinds('both')).toEqual([
      ['DEPRECATE', 'AGE', 60],
      ['DELETE', 'AGE', 180],
    ]);
    const [deprecate, del] = policy('both').policy_detail;
    expect(deprecate.action[0].include_resources).toEqual([{ amis: true }]);
    expect(deprecate.exclusion_rules).toBeUndefined();
    expect(del.action[0].include_resources).toEqual([{ amis: true, snapshots: true }]);
    expect(del.exclusion_rules).toEqual(neverRecentlyLaunched);
    expect(policy('neither').policy_detail[0].exclusion_rules).toEqual(neverRecentlyLaunched);
  });
});
