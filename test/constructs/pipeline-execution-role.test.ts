import { PipelineExecutionRole } from '../../stacks/constructs/pipeline-execution-role';
import { allowedActions, statements, synthConstruct } from '../support/construct-harness';

const ACCOUNT = '555555555555';
const KEYS = ['arn:aws:kms:us-east-1:555555555555:key/b', 'arn:aws:kms:ap-southeast-2:555555555555:key/a'];
const TOPIC = 'arn:aws:sns:ap-southeast-2:555555555555:patchline-builds';
const PARAMS = [
  'arn:aws:ssm:us-east-1:555555555555:parameter/golden/linux',
  'arn:aws:ssm:ap-southeast-2:555555555555:parameter/golden/linux',
];
const CROSS = [
  'arn:aws:iam::777777777777:role/EC2ImageBuilderDistributionCrossAccountRole',
  'arn:aws:iam::666666666666:role/EC2ImageBuilderDistributionCrossAccountRole',
];

type Extra = Partial<ConstructorParameters<typeof PipelineExecutionRole>[2]>;
const build = (extra: Extra = {}) =>
  synthConstruct(
    (stack, provider) =>
      new PipelineExecutionRole(stack, 'e', {
        provider,
        name: 'patchline-linux-execution',
        pipelineName: 'linux',
        accountId: ACCOUNT,
        kmsKeyArns: KEYS,
        snsTopicArn: TOPIC,
        inlinePolicyName: 'patchline-linux-execution',
        ...extra,
      }),
  );

describe('PipelineExecutionRole', () => {
  const out = build({ parameterArns: PARAMS, validatesAmiParameters: true, crossAccountRoleArns: CROSS });

  test('only Image Builder acting for this account assumes it; the managed baseline is attached exclusively', () => {
    expect(JSON.parse(out.one('aws_iam_role').assume_role_policy).Statement).toEqual([
      {
        Sid: 'ImageBuilderOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'imagebuilder.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    ]);
    expect(out.one('aws_iam_role_policy_attachments_exclusive').policy_arns).toEqual([
      'arn:aws:iam::aws:policy/EC2ImageBuilderExecutionPolicy',
    ]);
  });

  // Image Builder guide, Prerequisites for SSM output parameters: PutParameter, and DescribeImages for aws:ec2:image.
  test('it writes its own parameters, validates AMI IDs, uses its keys, copies into copyTo accounts and notifies', () => {
    const s = statements(out.one('aws_iam_role_policy').policy);
    expect(Object.keys(s)).toEqual([
      'PublishAmiIdParameters',
      'ValidateAmiIdParameters',
      'UseImageKeys',
      'GrantImageKeysToEc2',
      'CopyIntoTargetAccounts',
      'PublishBuildNotifications',
    ]);
    expect(s.PublishAmiIdParameters).toMatchObject({
      Action: ['ssm:GetParameter', 'ssm:PutParameter'],
      Resource: [...PARAMS].sort(),
    });
    expect(s.ValidateAmiIdParameters).toMatchObject({ Action: 'ec2:DescribeImages', Resource: '*' });
    expect(s.UseImageKeys).toMatchObject({
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: KEYS,
    });
    expect(s.GrantImageKeysToEc2).toMatchObject({
      Action: 'kms:CreateGrant',
      Resource: KEYS,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    });
    expect(s.CopyIntoTargetAccounts).toMatchObject({ Action: 'sts:AssumeRole', Resource: [...CROSS].sort() });
    expect(s.PublishBuildNotifications).toMatchObject({ Action: 'sns:Publish', Resource: TOPIC });
  });

  test('no parameters and no copyTo: keys and notifications only, no DescribeImages even if validation is asked', () => {
    const s = statements(build({ validatesAmiParameters: true }).one('aws_iam_role_policy').policy);
    expect(Object.keys(s)).toEqual(['UseImageKeys', 'GrantImageKeysToEc2', 'PublishBuildNotifications']);
  });

  test('text parameters: PutParameter without DescribeImages', () => {
    expect(allowedActions(build({ parameterArns: PARAMS }).one('aws_iam_role_policy').policy)).not.toContain(
      'ec2:DescribeImages',
    );
  });
});
