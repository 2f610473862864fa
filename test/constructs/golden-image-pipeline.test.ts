import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import {
  GoldenImagePipeline,
  type ComponentSource,
  type GoldenImagePipelineProps,
} from '../../stacks/constructs/golden-image-pipeline';
import { synthConstruct } from '../support/construct-harness';

const KEY = 'arn:aws:kms:ap-southeast-2:555555555555:key/abc';
const HARDEN: ComponentSource = {
  kind: 'document',
  key: 'harden',
  name: 'patchline-linux-harden',
  data: 'name: harden\nphases: []\n',
};
const CHECK: ComponentSource = {
  kind: 'document',
  key: 'check',
  name: 'patchline-linux-check',
  data: 'name: check\nphases: []\n',
};
const UPDATE: ComponentSource = { kind: 'managed', name: 'update-linux' };
const REBOOT_TEST: ComponentSource = { kind: 'managed', name: 'reboot-test-linux' };

type Props = Omit<GoldenImagePipelineProps, 'provider'>;
const BASE: Props = {
  region: 'ap-southeast-2',
  name: 'patchline-linux',
  description: 'Linux golden image',
  platform: 'Linux',
  parentImage: 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  // HARDEN is both a build and a test component: one resource.
  components: [UPDATE, HARDEN],
  tests: [REBOOT_TEST, CHECK, HARDEN],
  rootDeviceName: '/dev/xvda',
  kmsKeyArn: KEY,
  instanceProfileName: 'patchline-build-instance',
  logsBucketName: 'patchline-build-logs',
  logsPrefix: 'linux',
  snsTopicArn: 'arn:aws:sns:ap-southeast-2:555555555555:patchline-builds',
  executionRoleArn: 'arn:aws:iam::555555555555:role/patchline-linux-execution',
  distributionConfigurationArn:
    'arn:aws:imagebuilder:ap-southeast-2:555555555555:distribution-configuration/patchline-linux',
  schedule: { cron: 'cron(0 2 ? * TUE *)', timezone: 'Australia/Sydney', onlyWhenUpdatesAvailable: true },
  scanning: true,
};
const build = (extra: Partial<Props> = {}) =>
  synthConstruct((stack, provider) => new GoldenImagePipeline(stack, 'g', { provider, ...BASE, ...extra }));
/** The construct's recipe version for some props, without synthesizing. */
const versionOf = (extra: Partial<Props> = {}) => {
  const stack = new TerraformStack(Testing.app(), 'v');
  return new GoldenImagePipeline(stack, 'g', {
    provider: new AwsProvider(stack, 'aws', { region: 'ap-southeast-2' }),
    ...BASE,
    ...extra,
  }).recipeVersion;
};
const managedArn = (name: string) => `arn:aws:imagebuilder:ap-southeast-2:aws:component/${name}/x.x.x`;

describe('GoldenImagePipeline', () => {
  const out = build({
    rootVolumeSizeGb: 30,
    instanceTypes: ['t3.large'],
    network: { subnetId: 'subnet-1', securityGroupIds: ['sg-b', 'sg-a'] },
    tags: { team: 'platform' },
  });
  const recipe = out.one('aws_imagebuilder_image_recipe');
  const infra = out.one('aws_imagebuilder_infrastructure_configuration');
  const pipeline = out.one('aws_imagebuilder_image_pipeline');

  test('one encrypted, content-versioned, create-before-destroy component per document', () => {
    const components = out.all('aws_imagebuilder_component');
    expect(components.map((c) => c.name).sort()).toEqual(['patchline-linux-check', 'patchline-linux-harden']);
    for (const c of components) {
      expect(c).toMatchObject({
        platform: 'Linux',
        kms_key_id: KEY,
        lifecycle: { create_before_destroy: true },
        tags: { team: 'platform' },
      });
      expect(c.version).toMatch(/^1\.\d+\.\d+$/);
    }
  });

  test('the recipe lists build then test components in order: managed by ARN, documents by their resource', () => {
    const harden = out.all('aws_imagebuilder_component').find((c) => c.name === 'patchline-linux-harden');
    const check = out.all('aws_imagebuilder_component').find((c) => c.name === 'patchline-linux-check');
    const arn = (c: any) => out.ref('aws_imagebuilder_component', c, 'arn');
    expect(recipe.component).toEqual(
      [UPDATE, HARDEN, REBOOT_TEST, CHECK, HARDEN].map((c) => ({
        component_arn:
          c === UPDATE || c === REBOOT_TEST
            ? managedArn((c as { name: string }).name)
            : arn(c === HARDEN ? harden : check),
      })),
    );
    expect(recipe).toMatchObject({ parent_image: BASE.parentImage, lifecycle: { create_before_destroy: true } });
  });

  test('the root volume is gp3, encrypted with the key, deleted with the instance, sized when asked', () => {
    expect(recipe.block_device_mapping).toEqual([
      {
        device_name: '/dev/xvda',
        ebs: { encrypted: 'true', kms_key_id: KEY, delete_on_termination: 'true', volume_type: 'gp3', volume_size: 30 },
      },
    ]);
    expect(build().one('aws_imagebuilder_image_recipe').block_device_mapping[0].ebs.volume_size).toBeUndefined();
  });

  test('build instances: IMDSv2 only with hop limit 1, terminated on failure, logs to the bucket prefix', () => {
    expect(infra).toMatchObject({
      instance_profile_name: 'patchline-build-instance',
      instance_metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
      terminate_instance_on_failure: true,
      logging: { s3_logs: { s3_bucket_name: 'patchline-build-logs', s3_key_prefix: 'linux' } },
      sns_topic_arn: BASE.snsTopicArn,
      instance_types: ['t3.large'],
      resource_tags: { team: 'platform' },
    });
  });

  test('network: the given subnet and sorted security groups; without it, the default VPC', () => {
    expect(infra).toMatchObject({ subnet_id: 'subnet-1', security_group_ids: ['sg-a', 'sg-b'] });
    const bare = build().one('aws_imagebuilder_infrastructure_configuration');
    expect(bare.subnet_id).toBeUndefined();
    expect(bare.security_group_ids).toBeUndefined();
    expect(bare.instance_types).toBeUndefined();
  });

  test('the pipeline runs as the execution role, tests (12 h bound) and scans every image, on the schedule', () => {
    expect(pipeline).toMatchObject({
      image_recipe_arn: out.ref('aws_imagebuilder_image_recipe', recipe, 'arn'),
      infrastructure_configuration_arn: out.ref('aws_imagebuilder_infrastructure_configuration', infra, 'arn'),
      distribution_configuration_arn: BASE.distributionConfigurationArn,
      execution_role: BASE.executionRoleArn,
      status: 'ENABLED',
      enhanced_image_metadata_enabled: true,
      image_tests_configuration: { image_tests_enabled: true, timeout_minutes: 720 },
      image_scanning_configuration: { image_scanning_enabled: true },
      schedule: {
        schedule_expression: 'cron(0 2 ? * TUE *)',
        timezone: 'Australia/Sydney',
        pipeline_execution_start_condition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
      },
    });
  });

  test('schedule and scanning switches: every match builds; scanning off', () => {
    const p = build({ scanning: false, schedule: { ...BASE.schedule, onlyWhenUpdatesAvailable: false } }).one(
      'aws_imagebuilder_image_pipeline',
    );
    expect(p.schedule.pipeline_execution_start_condition).toBe('EXPRESSION_MATCH_ONLY');
    expect(p.image_scanning_configuration).toEqual({ image_scanning_enabled: false });
  });

  test('dependsOn reaches the pipeline', () => {
    const withDep = synthConstruct((stack, provider) => {
      const param = new SsmParameter(stack, 'param', { provider, name: '/golden/linux', type: 'String', value: 'x' });
      new GoldenImagePipeline(stack, 'g', { provider, ...BASE, dependsOn: [param] });
    });
    expect(withDep.one('aws_imagebuilder_image_pipeline').depends_on).toEqual([
      withDep.address('aws_ssm_parameter', withDep.one('aws_ssm_parameter')),
    ]);
    expect(pipeline.depends_on).toBeUndefined();
  });

  test('the recipe version changes with what the recipe is made of, and not with the key ARN or tags', () => {
    const v = versionOf();
    expect(build().one('aws_imagebuilder_image_recipe').version).toBe(v);
    expect(versionOf({ kmsKeyArn: 'arn:aws:kms:ap-southeast-2:555555555555:key/other', tags: { a: 'b' } })).toBe(v);
    // A changed document (also a test component in BASE, so changed there too: one key names one document).
    const changed = { ...HARDEN, data: 'name: harden\nphases: [x]\n' };
    const tests = BASE.tests.map((t) => (t.kind === 'document' && t.key === HARDEN.key ? changed : t));
    expect(versionOf({ components: [UPDATE, changed], tests })).not.toBe(v);
    expect(versionOf({ components: [HARDEN, UPDATE] })).not.toBe(v);
    expect(versionOf({ parentImage: 'ami-0123456789abcdef0' })).not.toBe(v);
    expect(versionOf({ rootVolumeSizeGb: 50 })).not.toBe(v);
  });
});

// Two different documents under one key would leave one of them out of the recipe: refused.
test('two different documents under one key are refused', () => {
  expect(() =>
    build({ components: [UPDATE, HARDEN], tests: [{ ...HARDEN, data: 'name: other\nphases: []\n' }] }),
  ).toThrow();
});
