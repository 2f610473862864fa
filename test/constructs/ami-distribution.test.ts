import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  AmiDistribution,
  consumerKeyStatements,
  crossAccountDistributionStatements,
  LAUNCH_ACTIONS,
} from '../../stacks/constructs/ami-distribution';
import { regionProvider, statements, synthConstruct } from '../support/construct-harness';

const FACTORY = '555555555555';
const EXEC = `arn:aws:iam::${FACTORY}:role/patchline-linux-execution`;
const ORG = { id: 'o-abc123def4', arn: 'arn:aws:organizations::000000000000:organization/o-abc123def4' };
const OU = {
  arn: 'arn:aws:organizations::000000000000:ou/o-abc123def4/ou-ab12-34cd56ef',
  path: 'o-abc123def4/r-ab12/ou-ab12-34cd56ef/',
};
const CONSUMER = '666666666666';
const COPY = ['888888888888', '777777777777'];
const ASG = (a: string) =>
  `arn:aws:iam::${a}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
const XROLE = (a: string) => `arn:aws:iam::${a}:role/EC2ImageBuilderDistributionCrossAccountRole`;

type Extra = Partial<ConstructorParameters<typeof AmiDistribution>[2]>;
const build = (extra: Extra = {}) =>
  synthConstruct((stack, buildProvider) => {
    const providers = new Map<string, AwsProvider>([
      ['ap-southeast-2', buildProvider],
      ['us-east-1', regionProvider(stack, 'us-east-1')],
    ]);
    new AmiDistribution(stack, 'd', {
      providers,
      buildProvider,
      factoryAccountId: FACTORY,
      name: 'patchline-linux',
      amiName: 'patchline-linux-{{ imagebuilder:buildDate }}',
      regions: ['us-east-1', 'ap-southeast-2'],
      keyAlias: 'alias/patchline/images/linux',
      executionRoleArn: EXEC,
      description: 'Linux golden image',
      ...extra,
    });
  });

describe('AmiDistribution', () => {
  const out = build({
    sharedWith: { organization: ORG, organizationalUnits: [OU], accountIds: [CONSUMER] },
    copyTo: COPY,
    parameter: { name: '/golden/linux', factoryDataType: 'aws:ec2:image' },
    amiTags: { 'patchline:pipeline': 'linux' },
  });
  const config = out.one('aws_imagebuilder_distribution_configuration');
  const keys = out.all('aws_kms_key');

  test('one key per distribution region, each in its region, with the same policy', () => {
    expect(keys.map((k) => k.provider).sort()).toEqual(['aws', 'aws.us-east-1']);
    expect(keys.map((k) => k.enable_key_rotation)).toEqual([true, true]);
    expect(keys[0].policy).toBe(keys[1].policy);
    expect(out.all('aws_kms_alias').map((a) => a.name)).toEqual([
      'alias/patchline/images/linux',
      'alias/patchline/images/linux',
    ]);
  });

  test('the execution role (by aws:PrincipalArn, in the owner account) encrypts images and grants to EC2', () => {
    const s = statements(keys[0].policy);
    expect(s.PipelineExecutionRoleEncryptsImages).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${FACTORY}:root` },
      Condition: { ArnEquals: { 'aws:PrincipalArn': EXEC } },
    });
    expect(s.PipelineExecutionRoleGrantsToEc2.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': EXEC },
      Bool: { 'kms:GrantIsForAWSResource': true },
    });
  });

  test('consumers (org, OU, accounts and copyTo accounts) may launch, and grant only to EC2 or their Auto Scaling role', () => {
    const s = statements(keys[0].policy);
    expect(s.OrganizationLaunchInstances).toMatchObject({
      Principal: '*',
      Action: LAUNCH_ACTIONS,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG.id } },
    });
    expect(s.OrganizationalUnitsLaunchInstances.Condition).toEqual({
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${OU.path}*`] },
    });
    const accounts = [CONSUMER, ...COPY].sort();
    expect(s.AccountsLaunchInstances.Principal).toEqual({ AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) });
    expect(s.AccountsLaunchInstances.Condition).toBeUndefined();
    // Grants for volumes only to AWS resources (EC2), still held to the consumer.
    expect(s.AccountsGrantToEc2ForVolumes).toMatchObject({
      Action: 'kms:CreateGrant',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    });
    expect(s.OrganizationalUnitsGrantToEc2ForVolumes.Condition).toEqual({
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${OU.path}*`] },
      Bool: { 'kms:GrantIsForAWSResource': true },
    });
    expect(s.AccountsGrantToAutoScaling.Condition).toMatchObject({
      StringEquals: { 'kms:GranteePrincipal': accounts.map(ASG) },
    });
    expect(s.OrganizationGrantToAutoScaling.Condition).toMatchObject({
      StringEquals: { 'aws:PrincipalOrgID': ORG.id },
      StringLike: { 'kms:GranteePrincipal': ASG('*') },
    });
  });

  test("copyTo accounts' distribution role (only that role) copies with the key", () => {
    const s = statements(keys[0].policy);
    const only = { ArnEquals: { 'aws:PrincipalArn': [...COPY].sort().map(XROLE) } };
    expect(s.CrossAccountDistributionCopies).toMatchObject({
      Principal: { AWS: [...COPY].sort().map((a) => `arn:aws:iam::${a}:root`) },
      Condition: only,
    });
    expect(s.CrossAccountDistributionGrantsToEc2.Condition).toEqual({
      ...only,
      Bool: { 'kms:GrantIsForAWSResource': true },
    });
  });

  test("the configuration lives in the build region and encrypts each region's AMI with that region's key", () => {
    expect(config.provider).toBe('aws');
    expect(config.distribution.map((d: any) => d.region)).toEqual(['ap-southeast-2', 'us-east-1']);
    for (const d of config.distribution) {
      const key = keys.find((k) => k.provider === (d.region === 'ap-southeast-2' ? 'aws' : `aws.${d.region}`));
      expect(d.ami_distribution_configuration.kms_key_id).toBe(out.ref('aws_kms_key', key, 'arn'));
      expect(d.ami_distribution_configuration).toMatchObject({
        name: 'patchline-linux-{{ imagebuilder:buildDate }}',
        ami_tags: { 'patchline:pipeline': 'linux' },
      });
    }
  });

  test('launch permission names the org, OUs and accounts, never user groups (public); copyTo accounts get copies', () => {
    const ami = config.distribution[0].ami_distribution_configuration;
    expect(ami.launch_permission).toEqual({
      organization_arns: [ORG.arn],
      organizational_unit_arns: [OU.arn],
      user_ids: [CONSUMER],
    });
    expect(ami.target_account_ids).toEqual([...COPY].sort());
  });

  test('the parameter is written in the factory account and, as aws:ec2:image, in each copyTo account', () => {
    expect(config.distribution[0].ssm_parameter_configuration).toEqual([
      { parameter_name: '/golden/linux', data_type: 'aws:ec2:image' },
      { parameter_name: '/golden/linux', ami_account_id: '777777777777', data_type: 'aws:ec2:image' },
      { parameter_name: '/golden/linux', ami_account_id: '888888888888', data_type: 'aws:ec2:image' },
    ]);
  });

  test('shared with nobody and no copies: no launch permission, no targets, no parameter, only the execution role in the key', () => {
    const bare = build();
    const ami = bare.one('aws_imagebuilder_distribution_configuration').distribution[0];
    expect(ami.ami_distribution_configuration.launch_permission).toBeUndefined();
    expect(ami.ami_distribution_configuration.target_account_ids).toBeUndefined();
    expect(ami.ssm_parameter_configuration).toBeUndefined();
    expect(Object.keys(statements(bare.all('aws_kms_key')[0].policy))).toEqual([
      'OwnerAccountAdministersTheKey',
      'PipelineExecutionRoleEncryptsImages',
      'PipelineExecutionRoleGrantsToEc2',
    ]);
  });
});

describe('key statement helpers', () => {
  test('no consumers and no copyTo accounts: no statements', () => {
    expect(consumerKeyStatements({})).toEqual([]);
    expect(consumerKeyStatements({ organizationalUnits: [], accountIds: [] })).toEqual([]);
    expect(crossAccountDistributionStatements([])).toEqual([]);
  });
});

// A region without a provider would put its key in the default provider's region: refused.
test('a distribution region without a provider is refused', () => {
  expect(() =>
    synthConstruct(
      (stack, buildProvider) =>
        new AmiDistribution(stack, 'd', {
          providers: new Map([['ap-southeast-2', buildProvider]]),
          buildProvider,
          factoryAccountId: FACTORY,
          name: 'n',
          amiName: 'a',
          regions: ['eu-west-1', 'ap-southeast-2'],
          keyAlias: 'alias/x',
          executionRoleArn: EXEC,
          description: 'd',
        }),
    ),
  ).toThrow(/eu-west-1/);
});
