import { ServiceRole } from '../../stacks/constructs/service-role';
import { statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '111111111111';

describe('ServiceRole', () => {
  const out = synthConstruct(
    (stack, provider) =>
      new ServiceRole(stack, 'r', {
        provider,
        name: 'patchline-firehose',
        service: 'firehose.amazonaws.com',
        accountId: ACCOUNT,
        policyName: 'patchline-firehose-policy',
        statements: [{ Sid: 'Write', Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/p/*' }],
      }),
  );

  test('only the named service, acting for this account, may assume the role', () => {
    const role = out.one('aws_iam_role');
    expect(role.name).toBe('patchline-firehose');
    expect(statements(role.assume_role_policy)).toEqual({
      ServiceForThisAccount: {
        Sid: 'ServiceForThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'firehose.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    });
  });

  test('the inline policy is exactly the given statements, on this role', () => {
    const policy = out.one('aws_iam_role_policy');
    expect(policy.name).toBe('patchline-firehose-policy');
    expect(policy.role).toBe(out.ref('aws_iam_role', out.one('aws_iam_role'), 'id'));
    expect(JSON.parse(policy.policy).Statement).toEqual([
      { Sid: 'Write', Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/p/*' },
    ]);
  });
});
