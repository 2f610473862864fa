import { ImageConsumerRoles } from '../../stacks/constructs/image-consumer-roles';
import { statements, synthConstruct } from '../support/construct-harness';

const FACTORY = '555555555555';
const EXEC_A = `arn:aws:iam::${FACTORY}:role/patchline-windows-execution`;
const EXEC_B = `arn:aws:iam::${FACTORY}:role/patchline-linux-execution`;
const PARAM = 'arn:aws:ssm:ap-southeast-2:666666666666:parameter/golden/linux';

const build = (parameterArns: string[]) =>
  synthConstruct(
    (stack, provider) =>
      new ImageConsumerRoles(stack, 'c', {
        provider,
        factoryAccountId: FACTORY,
        keyRegions: ['us-east-1', 'ap-southeast-2'],
        parameterArns,
        pipelineExecutionRoleArns: [EXEC_A, EXEC_B],
        inlinePolicyName: 'patchline-image-consumer',
      }),
  );

describe('ImageConsumerRoles', () => {
  const out = build([PARAM]);
  const distribution = out.all('aws_iam_role').find((r) => r.name === 'EC2ImageBuilderDistributionCrossAccountRole');
  const lifecycle = out.all('aws_iam_role').find((r) => r.name === 'Ec2ImageBuilderCrossAccountLifecycleAccess');
  const attachments = (role: any) =>
    out
      .all('aws_iam_role_policy_attachments_exclusive')
      .find((a) => a.role_name === out.ref('aws_iam_role', role, 'name')).policy_arns;

  test("the distribution role (AWS's fixed name) trusts only Image Builder's roles in the factory account", () => {
    expect(JSON.parse(distribution.assume_role_policy).Statement).toEqual([
      {
        Sid: 'ImageBuilderOfTheFactoryAccount',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${FACTORY}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: {
            'aws:PrincipalArn': [
              `arn:aws:iam::${FACTORY}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder`,
              EXEC_B,
              EXEC_A,
            ],
          },
        },
      },
    ]);
    expect(attachments(distribution)).toEqual([
      'arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess',
    ]);
  });

  test("it uses only the factory's keys in the key regions (grants only for AWS resources) and writes the parameters", () => {
    const s = statements(out.one('aws_iam_role_policy').policy);
    const keys = [`arn:aws:kms:ap-southeast-2:${FACTORY}:key/*`, `arn:aws:kms:us-east-1:${FACTORY}:key/*`];
    expect(s.UseFactoryImageKeys.Resource).toEqual(keys);
    expect(s.GrantFactoryImageKeysToEc2).toMatchObject({
      Action: 'kms:CreateGrant',
      Resource: keys,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    });
    expect(s.WriteImageParameters).toMatchObject({
      Action: ['ssm:GetParameter', 'ssm:PutParameter'],
      Resource: [PARAM],
    });
  });

  test('no parameters: no parameter statement', () => {
    expect(Object.keys(statements(build([]).one('aws_iam_role_policy').policy))).toEqual([
      'UseFactoryImageKeys',
      'GrantFactoryImageKeysToEc2',
    ]);
  });

  test("the lifecycle role trusts Image Builder acting for the factory's images only", () => {
    expect(JSON.parse(lifecycle.assume_role_policy).Statement).toEqual([
      {
        Sid: 'ImageBuilderLifecycleOfTheFactoryAccount',
        Effect: 'Allow',
        Principal: { Service: 'imagebuilder.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': FACTORY },
          ArnLike: { 'aws:SourceArn': `arn:aws:imagebuilder:*:${FACTORY}:image/*/*/*` },
        },
      },
    ]);
    expect(attachments(lifecycle)).toEqual([
      'arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy',
    ]);
  });
});
