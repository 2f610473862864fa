import { BuildInstanceRole } from '../../stacks/constructs/build-instance-role';
import { statements, synthConstruct } from '../support/construct-harness';

const BUCKET = 'arn:aws:s3:::patchline-build-logs';
const KEY = 'arn:aws:kms:ap-southeast-2:555555555555:key/abc';

describe('BuildInstanceRole', () => {
  const out = synthConstruct(
    (stack, provider) =>
      new BuildInstanceRole(stack, 'b', {
        provider,
        name: 'patchline-build-instance',
        logsBucketArn: BUCKET,
        logPrefixes: ['windows', 'linux'],
        kmsKeyArn: KEY,
        inlinePolicyName: 'patchline-build-logs',
      }),
  );
  const role = out.one('aws_iam_role');

  test('EC2 assumes the role (instance profile); nothing else is trusted', () => {
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  test('exactly the two managed policies Image Builder documents, attached exclusively', () => {
    expect(out.one('aws_iam_role_policy_attachments_exclusive')).toMatchObject({
      role_name: out.ref('aws_iam_role', role, 'name'),
      policy_arns: [
        'arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      ],
    });
  });

  test("inline: put objects below each pipeline's log prefix (sorted) and use the factory key", () => {
    const policy = out.one('aws_iam_role_policy');
    expect(policy.name).toBe('patchline-build-logs');
    expect(statements(policy.policy)).toEqual({
      WriteBuildLogs: {
        Sid: 'WriteBuildLogs',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: [`${BUCKET}/linux/*`, `${BUCKET}/windows/*`],
      },
      UseFactoryKey: {
        Sid: 'UseFactoryKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: KEY,
      },
    });
  });

  test('the instance profile carries the role', () => {
    expect(out.one('aws_iam_instance_profile')).toMatchObject({
      name: 'patchline-build-instance',
      role: out.ref('aws_iam_role', role, 'name'),
    });
  });
});
