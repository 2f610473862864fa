// Each golden-image pipeline runs as its own execution role (Image Builder's service-linked role may only
// write parameters below /imagebuilder/): who may assume it, what it may write, and which key, topic and
// cross-account trust policies name it, on the synthesized Acme and default outputs.
import { ACME, DEFAULT_PROFILE } from './support/profiles';
import { synth, type Synthesized } from './support/synth';

type Res = [string, any];
const ref = (type: string, id: string, attr = 'arn') => `\${${type}.${id}.${attr}}`;
const statements = (json: string) => JSON.parse(json).Statement as any[];
const list = (x: string | string[]) => (Array.isArray(x) ? x : [x]);

interface Case {
  profile: string;
  factory: string;
  account: string;
  /** pipeline → the regions its factory parameter lives in (none: no parameter), data type, copyTo accounts. */
  pipelines: Record<string, { regions: string[]; parameter?: string; amiDataType: boolean; copyTo: string[] }>;
}

const CASES: Case[] = [
  {
    profile: ACME,
    factory: 'shared-services-image-factory',
    account: '333333333333',
    pipelines: {
      'al2023-base': {
        regions: ['ap-southeast-2', 'ap-southeast-4'],
        parameter: '/acme/golden-ami/al2023-x86_64/latest',
        amiDataType: false,
        copyTo: [],
      },
      'ubuntu-2404-base': {
        regions: ['ap-southeast-2'],
        parameter: '/acme/golden-ami/ubuntu-2404-arm64/latest',
        amiDataType: true,
        copyTo: ['777777777777'],
      },
      'windows-2022-base': {
        regions: ['ap-southeast-2', 'ap-southeast-4'],
        parameter: '/acme/golden-ami/windows-2022/latest',
        amiDataType: false,
        copyTo: [],
      },
    },
  },
  {
    profile: DEFAULT_PROFILE,
    factory: 'image-factory-image-factory',
    account: '210987654323',
    pipelines: {
      'al2023-arm64': {
        regions: ['ap-southeast-2', 'us-east-1'],
        parameter: '/wattle/golden-ami/al2023-arm64/latest',
        amiDataType: false,
        copyTo: [],
      },
      'windows-2025': {
        regions: ['ap-southeast-2'],
        parameter: '/wattle/golden-ami/windows-2025/latest',
        amiDataType: false,
        copyTo: ['210987654326'],
      },
    },
  },
];

describe.each(CASES)('$factory', (c) => {
  const s: Synthesized = synth(c.profile);
  const of = (type: string) => s.resources(c.factory, type);
  const one = (type: string, prefix: string): Res => {
    const found = of(type).filter(([id]) => id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
    return found[0];
  };
  const roleArn = (p: string) => `arn:aws:iam::${c.account}:role/patchline-${p}-execution`;
  const keys = (p: string) => of('aws_kms_key').filter(([id]) => id.startsWith(`distribution-${p}_key-`));

  test.each(Object.keys(c.pipelines))(
    '%s runs as its own role, which only Image Builder of the factory account may assume',
    (p) => {
      const [roleId, role] = one('aws_iam_role', `execution-${p}_`);
      expect(role.name).toBe(`patchline-${p}-execution`);
      expect(one('aws_imagebuilder_image_pipeline', `pipeline-${p}_`)[1].execution_role).toBe(
        ref('aws_iam_role', roleId),
      );
      expect(statements(role.assume_role_policy)).toEqual([
        {
          Sid: 'ImageBuilderOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'imagebuilder.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': c.account } },
        },
      ]);
      const attached = of('aws_iam_role_policy_attachments_exclusive').filter(
        ([, a]) => a.role_name === ref('aws_iam_role', roleId, 'name'),
      );
      expect(attached.map(([, a]) => a.policy_arns)).toEqual([
        ['arn:aws:iam::aws:policy/EC2ImageBuilderExecutionPolicy'],
      ]);
    },
  );

  test.each(Object.keys(c.pipelines))(
    '%s: parameter writes on exactly its own parameters, no "*" actions, assume only its copyTo roles',
    (p) => {
      const want = c.pipelines[p];
      const [roleId] = one('aws_iam_role', `execution-${p}_`);
      const inline = of('aws_iam_role_policy').filter(([, x]) => x.role === ref('aws_iam_role', roleId, 'id'));
      expect(inline.length).toBe(1);
      const st = statements(inline[0][1].policy);
      for (const x of st) {
        expect(x.Effect).toBe('Allow');
        for (const a of list(x.Action)) expect(a).not.toMatch(/(^\*$|:\*$)/);
      }
      const writes = st.filter((x) => list(x.Action).some((a) => a.startsWith('ssm:')));
      expect(writes.flatMap((x) => list(x.Action)).sort()).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
      expect(writes.flatMap((x) => list(x.Resource))).toEqual(
        want.regions.map((r) => `arn:aws:ssm:${r}:${c.account}:parameter${want.parameter}`),
      );
      // DescribeImages exactly when the factory parameter is validated as an AMI ID.
      expect(st.some((x) => list(x.Action).includes('ec2:DescribeImages'))).toBe(want.amiDataType);
      const assume = st.filter((x) => list(x.Action).includes('sts:AssumeRole'));
      expect(assume.flatMap((x) => list(x.Resource))).toEqual(
        want.copyTo.map((a) => `arn:aws:iam::${a}:role/EC2ImageBuilderDistributionCrossAccountRole`),
      );
      // Keys: the factory key and this pipeline's own image keys, nothing else.
      const keyUse = st.find((x) => x.Sid === 'UseImageKeys');
      const factoryKey = ref('aws_kms_key', one('aws_kms_key', 'factory-key')[0]);
      expect(keyUse.Resource).toEqual([factoryKey, ...keys(p).map(([id]) => ref('aws_kms_key', id))]);
      // Both profiles build in ap-southeast-2, where the topic lives.
      expect(st.find((x) => x.Sid === 'PublishBuildNotifications').Resource).toBe(
        `arn:aws:sns:ap-southeast-2:${c.account}:patchline-imagebuilder-notifications`,
      );
    },
  );

  test.each(Object.keys(c.pipelines))(
    "%s: each of its image keys names its execution role, and no other pipeline's",
    (p) => {
      expect(keys(p).length).toBe(c.pipelines[p].regions.length);
      for (const [, key] of keys(p)) {
        const st = statements(key.policy).filter((x) => x.Sid.startsWith('PipelineExecutionRole'));
        expect(st.map((x) => [x.Sid, x.Principal, x.Condition.ArnEquals])).toEqual([
          [
            'PipelineExecutionRoleEncryptsImages',
            { AWS: `arn:aws:iam::${c.account}:root` },
            { 'aws:PrincipalArn': roleArn(p) },
          ],
          [
            'PipelineExecutionRoleGrantsToEc2',
            { AWS: `arn:aws:iam::${c.account}:root` },
            { 'aws:PrincipalArn': roleArn(p) },
          ],
        ]);
        expect(st[1].Condition.Bool).toEqual({ 'kms:GrantIsForAWSResource': true });
      }
    },
  );

  test('the notification topic and the factory key name every execution role as a publisher', () => {
    const roles = Object.keys(c.pipelines).map((p) => ref('aws_iam_role', one('aws_iam_role', `execution-${p}_`)[0]));
    const topicPolicy = statements(one('aws_sns_topic_policy', 'notifications')[1].policy);
    expect(topicPolicy.find((x) => x.Sid === 'ImageBuilderExecutionRolesPublish')).toMatchObject({
      Principal: { AWS: roles },
      Action: 'sns:Publish',
    });
    const kms = statements(one('aws_kms_key', 'factory-key')[1].policy).find(
      (x) => x.Sid === 'ImageBuilderPublishesEncryptedNotifications',
    );
    expect(kms.Condition.ArnEquals['aws:PrincipalArn']).toEqual(
      expect.arrayContaining(Object.keys(c.pipelines).map(roleArn)),
    );
  });
});

test("default profile: the copyTo account's distribution role trusts the Windows pipeline's execution role", () => {
  const s = synth(DEFAULT_PROFILE);
  const [, role] = s
    .resources('clinical-analytics-image-consumer', 'aws_iam_role')
    .find(([, r]) => r.name === 'EC2ImageBuilderDistributionCrossAccountRole')!;
  expect(statements(role.assume_role_policy)[0].Condition.ArnEquals['aws:PrincipalArn']).toEqual([
    'arn:aws:iam::210987654323:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder',
    'arn:aws:iam::210987654323:role/patchline-windows-2025-execution',
  ]);
});
