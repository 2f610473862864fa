import { ReadOnlyPlanRole } from '../../stacks/constructs/read-only-plan-role';
import { allowedActions, statements, synthConstruct } from '../support/construct-harness';

const CI = 'arn:aws:iam::999999999999:role/ci-plan';
const OBJECT = 'arn:aws:s3:::patchline-patch-logs-111111111111-ap-southeast-2/documents/expedite.json';
type Extra = Partial<ConstructorParameters<typeof ReadOnlyPlanRole>[2]>;
const build = (extra: Extra = {}) =>
  synthConstruct(
    (stack, provider) =>
      new ReadOnlyPlanRole(stack, 'p', {
        provider,
        roleName: 'patchline-plan',
        trustedPrincipal: CI,
        bucketPrefix: 'patchline-',
        readableObjectArns: [],
        accountId: '111111111111',
        ...extra,
      }),
  );

// The Service Authorization Reference classifies Describe/Get/List/BatchGet as Read or List access.
const READ_ONLY = /^[a-z0-9]+:(Describe|Get|List|BatchGet)[A-Za-z]*\*?$/;

describe('ReadOnlyPlanRole', () => {
  const out = build({ readableObjectArns: [OBJECT], state: { bucket: 'tf-state', keyPrefix: 'patchline/' } });
  const s = statements(out.one('aws_iam_role_policy').policy);

  test('only the CI plan identity may assume it, for at most an hour', () => {
    const role = out.one('aws_iam_role');
    expect(role).toMatchObject({ name: 'patchline-plan', max_session_duration: 3600 });
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Sid: 'CiPlanIdentityOnly', Effect: 'Allow', Principal: { AWS: CI }, Action: 'sts:AssumeRole' },
    ]);
  });

  test('every allowed action is a read, except kms:Decrypt (which the next test holds to S3)', () => {
    const actions = allowedActions(out.one('aws_iam_role_policy').policy);
    expect(actions.filter((a) => !READ_ONLY.test(a))).toEqual(['kms:Decrypt']);
    expect(JSON.parse(out.one('aws_iam_role_policy').policy).Statement.every((x: any) => x.Effect === 'Allow')).toBe(
      true,
    );
  });

  test('bucket configuration of Patchline buckets only; objects only the named ones, decrypted only through S3', () => {
    expect(s.ReadPatchlineBucketConfiguration.Resource).toBe('arn:aws:s3:::patchline-*');
    expect(s.ReadGeneratedObjects).toMatchObject({ Action: 's3:GetObject', Resource: [OBJECT] });
    expect(s.DecryptGeneratedObjectsThroughS3).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:*:111111111111:key/*',
      Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
    });
  });

  test('state: list below the prefix and read its objects', () => {
    expect(s.ListState).toMatchObject({
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::tf-state',
      Condition: { StringLike: { 's3:prefix': 'patchline/*' } },
    });
    expect(s.ReadState).toMatchObject({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::tf-state/patchline/*' });
  });

  test('no objects and no state: no object read and no decrypt at all', () => {
    const bare = build();
    expect(Object.keys(statements(bare.one('aws_iam_role_policy').policy))).toEqual([
      'ReadManagedServices',
      'ReadPatchlineBucketConfiguration',
    ]);
    expect(allowedActions(bare.one('aws_iam_role_policy').policy)).not.toEqual(
      expect.arrayContaining(['s3:GetObject']),
    );
    expect(allowedActions(bare.one('aws_iam_role_policy').policy)).not.toContain('kms:Decrypt');
  });
});
