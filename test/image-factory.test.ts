// The image factory and consumer stacks: what each Acme pipeline becomes, the security properties
// of that output (IMDSv2, encryption everywhere, sharing only inside the organization, key policy
// conditions, scanning), and positioned errors for bad factory input.
import { formatDiagnostic } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, replaceOnce } from './support/profiles';
import { synth, synthShared, type Synthesized } from './support/synth';

const FACTORY = 'shared-services-image-factory';
const CONSUMER = 'data-platform-prod-image-consumer';
const ORG = 'o-7x2kq9p4mz';
const ORG_ARN = 'arn:aws:organizations::111111111111:organization/o-7x2kq9p4mz';
const WORKLOADS_OU_ARN = 'arn:aws:organizations::111111111111:ou/o-7x2kq9p4mz/ou-7x2k-w0rk0001';
const PIPELINES = ['al2023-base', 'ubuntu-2404-base', 'windows-2022-base'];

type Res = [string, any];
/** The one resource of a type whose logical ID starts with prefix. */
function one(s: Synthesized, stack: string, type: string, prefix: string): Res {
  const found = s.resources(stack, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1)
    throw new Error(`expected one ${type} ${prefix}*, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0];
}
const ref = (type: string, id: string, attr = 'arn') => `\${${type}.${id}.${attr}}`;
const keyPolicy = (r: Res) => JSON.parse(r[1].policy).Statement as any[];

describe('acme image factory', () => {
  const s = synthShared(ACME);
  const factoryKey = one(s, FACTORY, 'aws_kms_key', 'factory-key');
  const factoryKeyArn = ref('aws_kms_key', factoryKey[0]);
  const distKey = (p: string, region: string) => one(s, FACTORY, 'aws_kms_key', `distribution-${p}_key-${region}_`);
  const dist = (p: string) => one(s, FACTORY, 'aws_imagebuilder_distribution_configuration', `distribution-${p}_`)[1];

  test.each(PIPELINES)(
    '%s synthesizes into recipe, infrastructure, distribution, pipeline and lifecycle policy',
    (p) => {
      for (const type of [
        'aws_imagebuilder_image_recipe',
        'aws_imagebuilder_infrastructure_configuration',
        'aws_imagebuilder_image_pipeline',
      ]) {
        expect(one(s, FACTORY, type, `pipeline-${p}_`)[1].name).toBe(`patchline-${p}`);
      }
      expect(dist(p).name).toBe(`patchline-${p}`);
      expect(one(s, FACTORY, 'aws_imagebuilder_lifecycle_policy', `retention_policy-${p}_`)[1].name).toBe(
        `patchline-${p}`,
      );
    },
  );

  test('managed components by name in the build region (newest version); own documents as encrypted components', () => {
    const recipe = one(s, FACTORY, 'aws_imagebuilder_image_recipe', 'pipeline-al2023-base_')[1];
    const component = one(
      s,
      FACTORY,
      'aws_imagebuilder_component',
      'pipeline-al2023-base_component-acme-baseline-linux',
    );
    expect(recipe.component.map((c: any) => c.component_arn)).toEqual([
      'arn:aws:imagebuilder:ap-southeast-2:aws:component/update-linux/x.x.x',
      'arn:aws:imagebuilder:ap-southeast-2:aws:component/stig-build-linux-high/x.x.x',
      ref('aws_imagebuilder_component', component[0]),
      'arn:aws:imagebuilder:ap-southeast-2:aws:component/reboot-test-linux/x.x.x',
    ]);
    expect(component[1]).toMatchObject({
      name: 'patchline-al2023-base-acme-baseline-linux',
      platform: 'Linux',
      kms_key_id: factoryKeyArn,
      lifecycle: { create_before_destroy: true },
    });
    expect(component[1].data).toContain('name: acme-baseline-linux');
    expect(component[1].version).toMatch(/^1\.\d+\.\d+$/);
  });

  test('every component and every recipe volume is encrypted with the factory key', () => {
    const components = s.resources(FACTORY, 'aws_imagebuilder_component');
    expect(components.length).toBe(2);
    for (const [, c] of components) expect(c.kms_key_id).toBe(factoryKeyArn);
    const recipes = s.resources(FACTORY, 'aws_imagebuilder_image_recipe');
    expect(recipes.length).toBe(3);
    for (const [, r] of recipes) {
      expect(r.block_device_mapping.length).toBeGreaterThan(0);
      for (const b of r.block_device_mapping)
        expect(b.ebs).toMatchObject({ encrypted: 'true', kms_key_id: factoryKeyArn });
    }
  });

  test('parent images from SSM parameters; root device by OS family', () => {
    const recipe = (p: string) => one(s, FACTORY, 'aws_imagebuilder_image_recipe', `pipeline-${p}_`)[1];
    expect(recipe('al2023-base').parent_image).toBe(
      'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    );
    expect(recipe('windows-2022-base').parent_image).toBe(
      'ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
    );
    expect(recipe('al2023-base').block_device_mapping[0].device_name).toBe('/dev/xvda');
    expect(recipe('ubuntu-2404-base').block_device_mapping[0].device_name).toBe('/dev/sda1');
    expect(recipe('windows-2022-base').block_device_mapping[0].device_name).toBe('/dev/sda1');
  });

  test('recipes are create-before-destroy with a content-derived version', () => {
    for (const [, r] of s.resources(FACTORY, 'aws_imagebuilder_image_recipe')) {
      expect(r.lifecycle).toEqual({ create_before_destroy: true });
      expect(r.version).toMatch(/^1\.\d{1,10}\.\d{1,10}$/);
      for (const n of r.version.split('.')) expect(Number(n)).toBeLessThanOrEqual(2 ** 30 - 1);
    }
  });

  test('build instances: IMDSv2 only, hop limit 1, terminated on failure, logs to the bucket, notifications to the topic', () => {
    const bucket = one(s, FACTORY, 'aws_s3_bucket', 'build-logs');
    const topic = one(s, FACTORY, 'aws_sns_topic', 'notifications');
    const infra = s.resources(FACTORY, 'aws_imagebuilder_infrastructure_configuration');
    expect(infra.length).toBe(3);
    for (const [id, c] of infra) {
      const key = id.replace(/^pipeline-(.*)_infrastructure_.*$/, '$1');
      expect(c.instance_metadata_options).toEqual({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect(c.terminate_instance_on_failure).toBe(true);
      expect(c.logging).toEqual({
        s3_logs: { s3_bucket_name: ref('aws_s3_bucket', bucket[0], 'bucket'), s3_key_prefix: key },
      });
      expect(c.sns_topic_arn).toBe(ref('aws_sns_topic', topic[0]));
      expect(c.instance_profile_name).toBe(
        ref('aws_iam_instance_profile', one(s, FACTORY, 'aws_iam_instance_profile', 'build-instance')[0], 'name'),
      );
    }
  });

  test('the build instance role has exactly the two documented managed policies and a minimal inline policy', () => {
    const role = one(s, FACTORY, 'aws_iam_role', 'build-instance');
    expect(JSON.parse(role[1].assume_role_policy).Statement).toEqual([
      { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const attached = s
      .resources(FACTORY, 'aws_iam_role_policy_attachments_exclusive')
      .filter(([, a]) => a.role_name === ref('aws_iam_role', role[0], 'name'));
    expect(attached.map(([, a]) => a.policy_arns)).toEqual([
      [
        'arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      ],
    ]);
    expect(s.resources(FACTORY, 'aws_iam_role_policy_attachment')).toEqual([]);
    const inline = s
      .resources(FACTORY, 'aws_iam_role_policy')
      .filter(([, p]) => p.role === ref('aws_iam_role', role[0], 'id'));
    expect(inline.length).toBe(1);
    const bucketArn = ref('aws_s3_bucket', one(s, FACTORY, 'aws_s3_bucket', 'build-logs')[0]);
    expect(JSON.parse(inline[0][1].policy).Statement).toEqual([
      {
        Sid: 'WriteBuildLogs',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: PIPELINES.map((p) => `${bucketArn}/${p}/*`),
      },
      {
        Sid: 'UseFactoryKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: factoryKeyArn,
      },
    ]);
  });

  test('logs bucket: public access blocked, SSE-KMS with the factory key, versioned, TLS-only, expiring', () => {
    const bucketRef = ref('aws_s3_bucket', one(s, FACTORY, 'aws_s3_bucket', 'build-logs')[0], 'id');
    const of = (type: string) =>
      s
        .resources(FACTORY, type)
        .filter(([, r]) => r.bucket === bucketRef)
        .map(([, r]) => r);
    expect(of('aws_s3_bucket_public_access_block')).toEqual([
      expect.objectContaining({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ]);
    expect(of('aws_s3_bucket_server_side_encryption_configuration')[0].rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: factoryKeyArn },
        bucket_key_enabled: true,
      },
    ]);
    expect(of('aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
    const policy = JSON.parse(of('aws_s3_bucket_policy')[0].policy).Statement;
    expect(policy[0]).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': false } },
    });
    expect(of('aws_s3_bucket_lifecycle_configuration')[0].rule[0].expiration).toEqual([{ days: 90 }]);
  });

  test('notifications: topic encrypted with the factory key, email subscription from the profile', () => {
    const topic = one(s, FACTORY, 'aws_sns_topic', 'notifications');
    expect(topic[1].kms_master_key_id).toBe(factoryKeyArn);
    expect(one(s, FACTORY, 'aws_sns_topic_subscription', 'notifications')[1]).toMatchObject({
      protocol: 'email',
      endpoint: 'platform-alerts@acme.example',
      topic_arn: ref('aws_sns_topic', topic[0]),
    });
  });

  test('pipelines: schedule, time zone and start condition per profile; tests, scanning and enhanced metadata on', () => {
    const pipeline = (p: string) => one(s, FACTORY, 'aws_imagebuilder_image_pipeline', `pipeline-${p}_`)[1];
    expect(pipeline('al2023-base').schedule).toEqual({
      schedule_expression: 'cron(0 9 ? * TUE *)',
      timezone: 'Australia/Sydney',
      pipeline_execution_start_condition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
    });
    expect(pipeline('windows-2022-base').schedule).toEqual({
      schedule_expression: 'cron(0 12 ? * WED#2 *)',
      timezone: 'Australia/Sydney',
      pipeline_execution_start_condition: 'EXPRESSION_MATCH_ONLY',
    });
    for (const p of PIPELINES) {
      expect(pipeline(p)).toMatchObject({
        image_scanning_configuration: { image_scanning_enabled: true },
        image_tests_configuration: { image_tests_enabled: true },
        enhanced_image_metadata_enabled: true,
        status: 'ENABLED',
        distribution_configuration_arn: ref(
          'aws_imagebuilder_distribution_configuration',
          one(s, FACTORY, 'aws_imagebuilder_distribution_configuration', `distribution-${p}_`)[0],
        ),
      });
    }
  });

  test("every distribution region is encrypted with that region's own key of the pipeline", () => {
    const regionsOf: Record<string, string[]> = {
      'al2023-base': ['ap-southeast-2', 'ap-southeast-4'],
      'ubuntu-2404-base': ['ap-southeast-2'],
      'windows-2022-base': ['ap-southeast-2', 'ap-southeast-4'],
    };
    for (const p of PIPELINES) {
      const blocks = dist(p).distribution;
      expect(blocks.map((b: any) => b.region)).toEqual(regionsOf[p]);
      for (const b of blocks) {
        const key = distKey(p, b.region);
        expect(b.ami_distribution_configuration.kms_key_id).toBe(ref('aws_kms_key', key[0]));
        expect(key[1].provider).toBe(`aws.${b.region}`);
      }
    }
  });

  test("launch permissions are exactly the profile's OUs, organization or accounts, never public", () => {
    const perms = (p: string) =>
      dist(p).distribution.map((b: any) => b.ami_distribution_configuration.launch_permission);
    expect(perms('al2023-base')).toEqual([
      { organizational_unit_arns: [WORKLOADS_OU_ARN] },
      { organizational_unit_arns: [WORKLOADS_OU_ARN] },
    ]);
    expect(perms('windows-2022-base')).toEqual([{ organization_arns: [ORG_ARN] }, { organization_arns: [ORG_ARN] }]);
    expect(perms('ubuntu-2404-base')).toEqual([undefined]);
    expect(JSON.stringify(s.stack(FACTORY))).not.toContain('user_groups');
  });

  test('copies go to copyTo accounts, which get the AMI ID parameter for their copy', () => {
    const [b] = dist('ubuntu-2404-base').distribution;
    expect(b.ami_distribution_configuration.target_account_ids).toEqual(['777777777777']);
    expect(b.ssm_parameter_configuration).toEqual([
      { parameter_name: '/acme/golden-ami/ubuntu-2404-arm64/latest', data_type: 'aws:ec2:image' },
      {
        parameter_name: '/acme/golden-ami/ubuntu-2404-arm64/latest',
        ami_account_id: '777777777777',
        data_type: 'aws:ec2:image',
      },
    ]);
    for (const p of ['al2023-base', 'windows-2022-base']) {
      for (const d of dist(p).distribution) expect(d.ami_distribution_configuration.target_account_ids).toBeUndefined();
    }
  });

  test('every key rotates', () => {
    const keys = s.resources(FACTORY, 'aws_kms_key');
    expect(keys.length).toBe(6); // factory key + 2 + 1 + 2 distribution keys
    for (const [, k] of keys) expect(k).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365 });
  });

  test('key policies give * principals only under an organization condition', () => {
    for (const key of s.resources(FACTORY, 'aws_kms_key')) {
      for (const st of keyPolicy(key)) {
        if (st.Principal !== '*') continue;
        const c = st.Condition ?? {};
        const org =
          c.StringEquals?.['aws:PrincipalOrgID'] === ORG || c['ForAnyValue:StringLike']?.['aws:PrincipalOrgPaths'];
        expect([key[0], st.Sid, !!org]).toEqual([key[0], st.Sid, true]);
      }
    }
  });

  test('OU sharing: the key is usable by principals below the OU, and they may grant only their Auto Scaling role', () => {
    const st = keyPolicy(distKey('al2023-base', 'ap-southeast-4'));
    const paths = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/r-7x2k/ou-7x2k-w0rk0001/*`] } };
    expect(st.map((x) => x.Sid)).toEqual([
      'OwnerAccountAdministersTheKey',
      'PipelineExecutionRoleEncryptsImages',
      'PipelineExecutionRoleGrantsToEc2',
      'OrganizationalUnitsLaunchInstances',
      'OrganizationalUnitsGrantToEc2ForVolumes',
      'OrganizationalUnitsGrantToAutoScaling',
    ]);
    expect(st[0]).toEqual({
      Sid: 'OwnerAccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: 'kms:*',
      Resource: '*',
    });
    const ou = st.slice(3);
    expect(ou[0]).toMatchObject({ Principal: '*', Condition: paths });
    expect(ou[0].Action).not.toContain('kms:Encrypt');
    expect(ou[1]).toMatchObject({
      Principal: '*',
      Action: 'kms:CreateGrant',
      Condition: { ...paths, Bool: { 'kms:GrantIsForAWSResource': true } },
    });
    expect(ou[2]).toMatchObject({
      Principal: '*',
      Action: 'kms:CreateGrant',
      Condition: {
        ...paths,
        StringLike: {
          'kms:GranteePrincipal':
            'arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        },
        'ForAllValues:StringEquals': { 'kms:GrantOperations': expect.arrayContaining(['Decrypt', 'CreateGrant']) },
      },
    });
  });

  test('organization sharing is conditioned on aws:PrincipalOrgID', () => {
    const st = keyPolicy(distKey('windows-2022-base', 'ap-southeast-2'));
    expect(st.slice(3).map((x) => [x.Principal, x.Condition.StringEquals['aws:PrincipalOrgID']])).toEqual([
      ['*', ORG],
      ['*', ORG],
      ['*', ORG],
    ]);
  });

  test("copies: the account's root and only its distribution role may use the key", () => {
    const st = keyPolicy(distKey('ubuntu-2404-base', 'ap-southeast-2'));
    const root = { AWS: ['arn:aws:iam::777777777777:root'] };
    expect(st.every((x) => x.Principal !== '*')).toBe(true);
    expect(st.find((x) => x.Sid === 'AccountsLaunchInstances')).toMatchObject({ Principal: root });
    expect(st.find((x) => x.Sid === 'AccountsGrantToAutoScaling').Condition.StringEquals).toEqual({
      'kms:GranteePrincipal': [
        'arn:aws:iam::777777777777:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      ],
    });
    const copies = st.find((x) => x.Sid === 'CrossAccountDistributionCopies');
    expect(copies).toMatchObject({
      Principal: root,
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': ['arn:aws:iam::777777777777:role/EC2ImageBuilderDistributionCrossAccountRole'],
        },
      },
    });
    // The copy role decrypts the built image with the factory key too.
    expect(keyPolicy(factoryKey).find((x) => x.Sid === 'CrossAccountDistributionCopies')).toEqual(copies);
  });

  test("the factory key lets only Image Builder (the pipelines' execution roles, its service-linked role) use it through SNS", () => {
    const st = keyPolicy(factoryKey).find((x) => x.Sid === 'ImageBuilderPublishesEncryptedNotifications');
    expect(st.Condition).toEqual({
      ArnEquals: {
        'aws:PrincipalArn': [
          'arn:aws:iam::333333333333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder',
          ...PIPELINES.map((p) => `arn:aws:iam::333333333333:role/patchline-${p}-execution`),
        ],
      },
      StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': 'sns.ap-southeast-2.amazonaws.com' },
    });
  });

  test('shared AMI parameters: Advanced tier, value owned by Image Builder, shared by RAM with exactly the sharing principals', () => {
    const params = s.resources(FACTORY, 'aws_ssm_parameter');
    expect(params.map(([, p]) => [p.name, p.provider]).sort()).toEqual([
      ['/acme/golden-ami/al2023-x86_64/latest', 'aws.ap-southeast-2'],
      ['/acme/golden-ami/al2023-x86_64/latest', 'aws.ap-southeast-4'],
      ['/acme/golden-ami/windows-2022/latest', 'aws.ap-southeast-2'],
      ['/acme/golden-ami/windows-2022/latest', 'aws.ap-southeast-4'],
    ]);
    for (const [, p] of params)
      expect(p).toMatchObject({
        type: 'String',
        tier: 'Advanced',
        data_type: 'text',
        lifecycle: { ignore_changes: ['value'] },
      });
    for (const [, share] of s.resources(FACTORY, 'aws_ram_resource_share'))
      expect(share.allow_external_principals).toBe(false);
    const principals = s
      .resources(FACTORY, 'aws_ram_principal_association')
      .map(([id, a]) => [id.split('_')[0], a.principal])
      .sort();
    expect(principals).toEqual([
      ['parameter-al2023-base-ap-southeast-2', WORKLOADS_OU_ARN],
      ['parameter-al2023-base-ap-southeast-4', WORKLOADS_OU_ARN],
      ['parameter-windows-2022-base-ap-southeast-2', ORG_ARN],
      ['parameter-windows-2022-base-ap-southeast-4', ORG_ARN],
    ]);
    // The pipeline waits for the parameter, so Image Builder never creates it first.
    const pipeline = one(s, FACTORY, 'aws_imagebuilder_image_pipeline', 'pipeline-al2023-base_')[1];
    expect(pipeline.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_ssm_parameter\.parameter-al2023-base-ap-southeast-2_/)]),
    );
  });

  test('retention: keep the newest N, deprecate then delete at twice that age (al2023, windows) or delete beyond N (ubuntu), never an AMI launched within 30 days, with the lifecycle execution role', () => {
    const policy = (p: string) => one(s, FACTORY, 'aws_imagebuilder_lifecycle_policy', `retention_policy-${p}_`)[1];
    const recipe = (p: string) => one(s, FACTORY, 'aws_imagebuilder_image_recipe', `pipeline-${p}_`)[1];
    const launched30 = [{ amis: [{ last_launched: [{ unit: 'DAYS', value: 30 }] }] }];
    const del = { type: 'DELETE', include_resources: [{ amis: true, snapshots: true }] };
    expect(policy('al2023-base').policy_detail).toEqual([
      {
        action: [{ type: 'DEPRECATE', include_resources: [{ amis: true }] }],
        filter: [{ type: 'AGE', value: 60, unit: 'DAYS', retain_at_least: 3 }],
      },
      {
        action: [del],
        filter: [{ type: 'AGE', value: 120, unit: 'DAYS', retain_at_least: 3 }],
        exclusion_rules: launched30,
      },
    ]);
    expect(policy('windows-2022-base').policy_detail.map((d: any) => [d.action[0].type, d.filter[0]])).toEqual([
      ['DEPRECATE', { type: 'AGE', value: 45, unit: 'DAYS', retain_at_least: 2 }],
      ['DELETE', { type: 'AGE', value: 90, unit: 'DAYS', retain_at_least: 2 }],
    ]);
    expect(policy('ubuntu-2404-base').policy_detail).toEqual([
      { action: [del], filter: [{ type: 'COUNT', value: 2 }], exclusion_rules: launched30 },
    ]);
    for (const p of PIPELINES) {
      expect(policy(p).resource_selection).toEqual([
        { recipe: [{ name: `patchline-${p}`, semantic_version: recipe(p).version }] },
      ]);
      expect(policy(p).resource_type).toBe('AMI_IMAGE');
    }
    const role = one(s, FACTORY, 'aws_iam_role', 'retention');
    expect(JSON.parse(role[1].assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: 'imagebuilder.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' } },
    });
    const attached = s
      .resources(FACTORY, 'aws_iam_role_policy_attachments_exclusive')
      .filter(([, a]) => a.role_name === ref('aws_iam_role', role[0], 'name'));
    expect(attached.map(([, a]) => a.policy_arns)).toEqual([
      ['arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy'],
    ]);
  });

  test('every Image Builder name is valid for AWS and unique per resource type', () => {
    const pattern = /^[-_A-Za-z0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z0-9]$/;
    for (const type of [
      'aws_imagebuilder_component',
      'aws_imagebuilder_image_recipe',
      'aws_imagebuilder_infrastructure_configuration',
      'aws_imagebuilder_distribution_configuration',
      'aws_imagebuilder_image_pipeline',
      'aws_imagebuilder_lifecycle_policy',
    ]) {
      const names = s.resources(FACTORY, type).map(([, r]) => r.name);
      for (const n of names) expect(n).toMatch(pattern);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  describe('consumer stack (copyTo account)', () => {
    const roles = s.resources(CONSUMER, 'aws_iam_role');
    const role = (name: string) => roles.find(([, r]) => r.name === name)!;

    test('exactly the two roles AWS names, and nothing else', () => {
      expect(roles.map(([, r]) => r.name).sort()).toEqual([
        'EC2ImageBuilderDistributionCrossAccountRole',
        'Ec2ImageBuilderCrossAccountLifecycleAccess',
      ]);
      expect(Object.keys(s.stack(CONSUMER).resource).sort()).toEqual([
        'aws_iam_role',
        'aws_iam_role_policy',
        'aws_iam_role_policy_attachments_exclusive',
      ]);
    });

    test("the distribution role trusts only Image Builder in the factory account: the copying pipeline's execution role and the service-linked role", () => {
      expect(JSON.parse(role('EC2ImageBuilderDistributionCrossAccountRole')[1].assume_role_policy).Statement).toEqual([
        {
          Sid: 'ImageBuilderOfTheFactoryAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::333333333333:root' },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [
                'arn:aws:iam::333333333333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder',
                'arn:aws:iam::333333333333:role/patchline-ubuntu-2404-base-execution',
              ],
            },
          },
        },
      ]);
    });

    test('the distribution role: the AWS managed policy, the factory keys of its regions, its own parameter', () => {
      const [id] = role('EC2ImageBuilderDistributionCrossAccountRole');
      const attached = s
        .resources(CONSUMER, 'aws_iam_role_policy_attachments_exclusive')
        .find(([, a]) => a.role_name === ref('aws_iam_role', id, 'name'))!;
      expect(attached[1].policy_arns).toEqual([
        'arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess',
      ]);
      const [, inline] = s.resources(CONSUMER, 'aws_iam_role_policy')[0];
      const st = JSON.parse(inline.policy).Statement;
      expect(st[0].Resource).toEqual(['arn:aws:kms:ap-southeast-2:333333333333:key/*']);
      expect(st[1]).toMatchObject({
        Action: 'kms:CreateGrant',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
      });
      expect(st[2]).toEqual({
        Sid: 'WriteImageParameters',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:PutParameter'],
        Resource: ['arn:aws:ssm:ap-southeast-2:777777777777:parameter/acme/golden-ami/ubuntu-2404-arm64/latest'],
      });
    });

    test('the lifecycle role trusts Image Builder on behalf of the factory account only', () => {
      const [id, r] = role('Ec2ImageBuilderCrossAccountLifecycleAccess');
      expect(JSON.parse(r.assume_role_policy).Statement[0]).toMatchObject({
        Principal: { Service: 'imagebuilder.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '333333333333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:imagebuilder:*:333333333333:image/*/*/*' },
        },
      });
      const attached = s
        .resources(CONSUMER, 'aws_iam_role_policy_attachments_exclusive')
        .find(([, a]) => a.role_name === ref('aws_iam_role', id, 'name'))!;
      expect(attached[1].policy_arns).toEqual([
        'arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy',
      ]);
    });
  });
});

describe('content-derived versions', () => {
  const recipeOf = (s: Synthesized, p: string) => one(s, FACTORY, 'aws_imagebuilder_image_recipe', `pipeline-${p}_`)[1];
  const componentOf = (s: Synthesized) =>
    one(s, FACTORY, 'aws_imagebuilder_component', 'pipeline-al2023-base_component')[1];
  const base = synthShared(ACME);

  test("removing a component changes that recipe's version, and only that one", () => {
    const s = synth(editedCopy(ACME, (t) => replaceOnce(t, '        - aws: stig-build-linux-high\n', '')));
    expect(recipeOf(s, 'al2023-base').version).not.toBe(recipeOf(base, 'al2023-base').version);
    expect(recipeOf(s, 'ubuntu-2404-base').version).toBe(recipeOf(base, 'ubuntu-2404-base').version);
    expect(recipeOf(s, 'windows-2022-base').version).toBe(recipeOf(base, 'windows-2022-base').version);
    expect(componentOf(s).version).toBe(componentOf(base).version);
  });

  test('editing a component document changes its version and the recipes that use it', () => {
    const f = editedCopy(ACME, (t) => `${t}\n`);
    const { writeFileSync, readFileSync } = require('fs');
    const doc = require('path').join(require('path').dirname(f), 'components', 'acme-baseline-linux.yaml');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('PermitRootLogin no', 'PermitRootLogin prohibit-password'));
    const s = synth(f);
    expect(componentOf(s).version).not.toBe(componentOf(base).version);
    expect(recipeOf(s, 'al2023-base').version).not.toBe(recipeOf(base, 'al2023-base').version);
    expect(recipeOf(s, 'ubuntu-2404-base').version).not.toBe(recipeOf(base, 'ubuntu-2404-base').version);
    expect(recipeOf(s, 'windows-2022-base').version).toBe(recipeOf(base, 'windows-2022-base').version);
  });
});

describe('stable output', () => {
  test('reordering pipelines and distribution regions changes no byte of the factory or consumer stack', () => {
    const base = synthShared(ACME);
    const reordered = synth(
      editedCopy(ACME, (t) => {
        const start = t.indexOf('    ubuntu-2404-base:\n');
        const end = t.indexOf('    windows-2022-base:\n');
        const afterWindows = t.indexOf('\npatching:\n');
        const ubuntu = t.slice(start, end);
        const moved =
          t.slice(0, start) + t.slice(end, afterWindows) + '\n' + ubuntu.trimEnd() + '\n' + t.slice(afterWindows);
        return replaceOnce(
          moved,
          '        regions: [ap-southeast-2, ap-southeast-4]\n        shareWith:\n          organizationalUnits',
          '        regions: [ap-southeast-4, ap-southeast-2]\n        shareWith:\n          organizationalUnits',
        );
      }),
    );
    expect(JSON.stringify(reordered.stack(FACTORY))).toBe(JSON.stringify(base.stack(FACTORY)));
    expect(JSON.stringify(reordered.stack(CONSUMER))).toBe(JSON.stringify(base.stack(CONSUMER)));
  });
});

describe('parent images and options', () => {
  test('name: an AWS-managed image ARN (newest version unless given); ami: as is; instance types by architecture', () => {
    const f = editedCopy(ACME, (t) =>
      [
        (x: string) =>
          replaceOnce(
            x,
            'ssm: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
            'name: amazon-linux-2023-x86',
          ),
        (x: string) =>
          replaceOnce(
            x,
            'ssm: /aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
            'ami: ami-0123456789abcdef0',
          ),
        (x: string) =>
          replaceOnce(
            x,
            '  buildRegion: ap-southeast-2\n',
            '  buildRegion: ap-southeast-2\n  instanceTypes: [m7g.large, m7i.large, c7g.xlarge]\n',
          ),
      ].reduce((s, fn) => fn(s), t),
    );
    const s = synth(f);
    const recipe = (p: string) => one(s, FACTORY, 'aws_imagebuilder_image_recipe', `pipeline-${p}_`)[1];
    const infra = (p: string) => one(s, FACTORY, 'aws_imagebuilder_infrastructure_configuration', `pipeline-${p}_`)[1];
    expect(recipe('al2023-base').parent_image).toBe(
      'arn:aws:imagebuilder:ap-southeast-2:aws:image/amazon-linux-2023-x86/x.x.x',
    );
    expect(recipe('ubuntu-2404-base').parent_image).toBe('ami-0123456789abcdef0');
    expect(infra('ubuntu-2404-base').instance_types).toEqual(['c7g.xlarge', 'm7g.large']);
    expect(infra('al2023-base').instance_types).toEqual(['m7i.large']);
  });

  test('default profile: account sharing gives user_ids and account principals; a Windows copy gets its consumer stack', () => {
    const s = synthShared(DEFAULT_PROFILE);
    const d = one(
      s,
      'image-factory-image-factory',
      'aws_imagebuilder_distribution_configuration',
      'distribution-windows-2025_',
    )[1];
    expect(d.distribution[0].ami_distribution_configuration.launch_permission).toEqual({ user_ids: ['210987654325'] });
    expect(d.distribution[0].ami_distribution_configuration.target_account_ids).toEqual(['210987654326']);
    const recipe = one(s, 'image-factory-image-factory', 'aws_imagebuilder_image_recipe', 'pipeline-windows-2025_')[1];
    expect(recipe.block_device_mapping[0].ebs.volume_size).toBe(60);
    expect(s.names).toContain('clinical-analytics-image-consumer');
  });
});

describe('bad factory input gets positioned errors', () => {
  const errors = (f: string) =>
    loadProfile(f, { asOf: AS_OF })
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => formatDiagnostic(d, '/').replace(/^.*profile\.yaml:/, ''));
  const edit = (...edits: [string | RegExp, string][]) =>
    editedCopy(ACME, (t) => edits.reduce((s, [a, b]) => replaceOnce(s, a, b), t));

  test('unknown managed component name format', () => {
    expect(
      errors(edit(['        - aws: stig-build-linux-high', '        - aws: stig-build-linux-high/2024.1.0'])),
    ).toEqual([
      '65:16  imageFactory.pipelines.al2023-base.components[1].aws  text "stig-build-linux-high/2024.1.0" must be an Amazon-managed component name such as update-linux (lower-case letters, digits and dashes)',
    ]);
  });

  test('missing component file', () => {
    expect(
      errors(
        edit([
          'high\n        - file: components/acme-baseline-linux.yaml',
          'high\n        - file: components/acme-baseline.yaml',
        ]),
      ),
    ).toEqual([
      expect.stringMatching(
        /^66:17 {2}imageFactory\.pipelines\.al2023-base\.components\[2\]\.file {2}component file "components\/acme-baseline\.yaml" does not exist/,
      ),
    ]);
  });

  test('a copyTo account that is not in the organization', () => {
    expect(errors(edit(['copyTo: [data-platform-prod]', 'copyTo: [data-platform-prd]']))).toEqual([
      '101:18  imageFactory.pipelines.ubuntu-2404-base.distribution.copyTo[0]  unknown account "data-platform-prd" (did you mean "data-platform-prod"?)',
    ]);
  });

  test('a distribution region that is not in organization.regions', () => {
    expect(
      errors(
        edit([
          '        regions: [ap-southeast-2, ap-southeast-4]\n        shareWith:\n          organization:',
          '        regions: [ap-southeast-2, ap-southeast-4, us-east-1]\n        shareWith:\n          organization:',
        ]),
      ),
    ).toEqual([
      '123:51  imageFactory.pipelines.windows-2022-base.distribution.regions[2]  region "us-east-1" is not in organization.regions; add it there or remove it here',
    ]);
  });

  test('keepLatest: 0', () => {
    expect(errors(edit(['        keepLatest: 3', '        keepLatest: 0']))).toEqual([
      '80:21  imageFactory.pipelines.al2023-base.retention.keepLatest  the number 0 is out of range: must be >= 1',
    ]);
  });

  test('a Windows component on a Linux pipeline', () => {
    expect(
      errors(
        edit([
          '        - aws: update-linux\n        - aws: stig',
          '        - aws: update-windows\n        - aws: stig',
        ]),
      ),
    ).toEqual([
      '64:16  imageFactory.pipelines.al2023-base.components[0].aws  "update-windows" is a Windows component, but this pipeline builds amazon-linux-2023',
    ]);
  });

  test('distribution regions without the build region; copies to an account outside its regions', () => {
    expect(
      errors(
        edit([
          '        regions: [ap-southeast-2]\n        # A private',
          '        regions: [ap-southeast-4]\n        # A private',
        ]),
      ),
    ).toEqual([
      '99:18  imageFactory.pipelines.ubuntu-2404-base.distribution.regions  must include the build region ap-southeast-2: the image is created there, and its key and sharing are set per region',
      '101:18  imageFactory.pipelines.ubuntu-2404-base.distribution.copyTo[0]  account "data-platform-prod" does not use ap-southeast-4 (its regions: ap-southeast-2), but copies go to every distribution region',
    ]);
  });

  test('sharing with or copying to the factory account itself', () => {
    expect(errors(edit(['copyTo: [data-platform-prod]', 'copyTo: [shared-services]']))).toEqual([
      '101:18  imageFactory.pipelines.ubuntu-2404-base.distribution.copyTo[0]  "shared-services" is the image factory account; it owns the images already',
    ]);
  });

  test('retention Image Builder cannot express', () => {
    expect(
      errors(
        edit([
          '        keepLatest: 3\n        deprecateAfterDays: 60',
          '        keepLatest: 11\n        deprecateAfterDays: 60\n        deleteAfterDays: 30',
        ]),
      ),
    ).toEqual([
      '80:21  imageFactory.pipelines.al2023-base.retention.keepLatest  with deprecateAfterDays or deleteAfterDays, Image Builder keeps at most 10 images (found 11)',
      '82:26  imageFactory.pipelines.al2023-base.retention.deleteAfterDays  images would be deleted (after 30 days) before or when they are deprecated (after 60 days)',
    ]);
    expect(errors(edit(['        deprecateAfterDays: 60', '        deprecateAfterDays: 3650']))).toEqual([
      '81:29  imageFactory.pipelines.al2023-base.retention.deprecateAfterDays  the number 3650 is out of range: must be <= 1000',
    ]);
  });

  test('schedules: rate() and unknown time zones', () => {
    expect(
      errors(
        edit(
          ['cron: cron(0 9 ? * TUE *)', 'cron: rate(7 days)'],
          [
            '        timezone: Australia/Sydney\n        onlyWhenUpdatesAvailable: true\n      scanning: true\n      distribution:\n        regions: [ap-southeast-2, ap-southeast-4]\n        shareWith:\n          organizationalUnits',
            '        timezone: AEST\n        onlyWhenUpdatesAvailable: true\n      scanning: true\n      distribution:\n        regions: [ap-southeast-2, ap-southeast-4]\n        shareWith:\n          organizationalUnits',
          ],
        ),
      ),
    ).toEqual([
      '70:15  imageFactory.pipelines.al2023-base.schedule.cron  EC2 Image Builder pipelines only accept cron(...) schedules, not rate(...)',
      '71:19  imageFactory.pipelines.al2023-base.schedule.timezone  "AEST" is not an IANA time zone such as Australia/Sydney',
    ]);
  });

  test('two pipelines publishing one parameter; reserved parameter names', () => {
    expect(
      errors(
        edit(['parameter: /acme/golden-ami/windows-2022/latest', 'parameter: /acme/golden-ami/al2023-x86_64/latest']),
      ),
    ).toEqual([
      '126:20  imageFactory.pipelines.windows-2022-base.distribution.parameter  pipeline "al2023-base" already publishes /acme/golden-ami/al2023-x86_64/latest',
    ]);
    expect(
      errors(
        edit(['parameter: /acme/golden-ami/windows-2022/latest', 'parameter: /aws/golden-ami/windows-2022/latest']),
      ),
    ).toEqual([
      '126:20  imageFactory.pipelines.windows-2022-base.distribution.parameter  SSM parameter names may not begin with aws or ssm (reserved by AWS)',
    ]);
  });

  test('component documents Image Builder cannot take inline; instance types of the wrong architecture', () => {
    const f = edit([
      '  buildRegion: ap-southeast-2\n',
      '  buildRegion: ap-southeast-2\n  instanceTypes: [m7i.large]\n',
    ]);
    const { writeFileSync } = require('fs');
    writeFileSync(
      require('path').join(require('path').dirname(f), 'components', 'acme-baseline-linux.yaml'),
      `name: big\nschemaVersion: 1.0\nphases: []\n# ${'x'.repeat(16_000)}\n`,
    );
    expect(errors(f)).toEqual([
      expect.stringMatching(
        /^67:17 {2}imageFactory\.pipelines\.al2023-base\.components\[2\]\.file {2}component file "components\/acme-baseline-linux\.yaml" has 16\d{3} characters; Image Builder takes inline documents of at most 16000$/,
      ),
      '86:21  imageFactory.pipelines.ubuntu-2404-base.architecture  none of imageFactory.instanceTypes is an arm64 type, so this pipeline has nothing to build on',
      expect.stringMatching(
        /^91:17 {2}imageFactory\.pipelines\.ubuntu-2404-base\.components\[1\]\.file {2}component file .* has 16\d{3} characters/,
      ),
    ]);
  });

  test('Windows on arm64; pipeline names AWS would reject', () => {
    expect(
      errors(
        edit([
          '      os: windows-server-2022\n      architecture: x86_64',
          '      os: windows-server-2022\n      architecture: arm64',
        ]),
      ),
    ).toEqual(['108:21  imageFactory.pipelines.windows-2022-base.architecture  Windows Server images are x86_64 only']);
    expect(errors(edit(['    ubuntu-2404-base:\n', '    p:\n']))).toEqual([
      '83:5  imageFactory.pipelines.p  key text "p" must be 3 to 40 lower-case letters, digits and dashes, starting with a letter',
    ]);
  });
});
