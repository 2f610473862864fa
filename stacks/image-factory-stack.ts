// The image-factory stack: EC2 Image Builder pipelines that build hardened, scanned golden AMIs
// in the factory account, encrypt them with per-region keys, share or copy them across the
// organization, publish their IDs in SSM parameters, and retire old images.
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import {
  IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE,
  roleArn,
  amiName,
  awsName,
  bucketName,
  imageBuilderServiceLinkedRoleArn,
  inlinePolicyName,
  kmsAlias,
  parameterShareName,
  pipelineExecutionRoleName,
  ssmParameterArn,
} from '../src/naming';
import type { OrgModel } from '../src/model';
import { AccountStack, type AccountStackProps } from './account-stack';
import { AmiDistribution, crossAccountDistributionStatements } from './constructs/ami-distribution';
import { BuildInstanceRole } from './constructs/build-instance-role';
import { CustomerManagedKey } from './constructs/customer-managed-key';
import { GoldenImagePipeline } from './constructs/golden-image-pipeline';
import { ImageRetention, type RetentionRule } from './constructs/image-retention';
import { NotificationTopic } from './constructs/notification-topic';
import { PipelineExecutionRole } from './constructs/pipeline-execution-role';
import { sorted, type Statement } from './constructs/policy';
import { SecureBucket } from './constructs/secure-bucket';
import { SharedSsmParameter } from './constructs/shared-ssm-parameter';
import { addEvidenceSources } from './evidence-sources';
import { executionRoleArn } from '../src/model/image-factory';

/** Build logs are kept this long. */
export const BUILD_LOG_DAYS = 90;
/** Value of a shared AMI parameter until the first build writes the AMI ID. */
export const PARAMETER_PLACEHOLDER = 'pending-first-image-build';

/**
 * The factory key (build region) encrypts components, recipe volumes, build logs and notifications.
 * Beyond the owner account: the pipelines' execution roles, and Image Builder's service-linked role
 * for builds started without one, publish to the encrypted topic (named by aws:PrincipalArn, as the
 * roles may not exist when the key is created), and each copyTo account's distribution role
 * decrypts the built image to copy it.
 */
export function factoryKeyStatements(
  orgId: string,
  factoryAccountId: string,
  region: string,
  copyTo: readonly string[],
  executionRoleArns: readonly string[],
): Statement[] {
  return [
    {
      Sid: 'ImageBuilderPublishesEncryptedNotifications',
      Effect: 'Allow',
      Principal: '*',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': [imageBuilderServiceLinkedRoleArn(factoryAccountId), ...sorted(executionRoleArns)],
        },
        StringEquals: { 'aws:PrincipalOrgID': orgId, 'kms:ViaService': `sns.${region}.amazonaws.com` },
      },
    },
    ...crossAccountDistributionStatements(copyTo),
  ];
}

export class ImageFactoryStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps, model: OrgModel) {
    super(scope, props);
    const spec = model.imageFactory!;
    const factoryId = this.account.id;
    const buildRegion = spec.buildRegion;
    const build = this.provider(buildRegion);
    const allCopyTo = sorted(spec.pipelines.flatMap((p) => p.copyTo));

    const factoryKey = new CustomerManagedKey(this, 'factory-key', {
      provider: build,
      alias: kmsAlias('image-factory'),
      description: 'Image factory: components, recipe volumes, build logs and notifications',
      accountId: factoryId,
      statements: factoryKeyStatements(
        model.orgId,
        factoryId,
        buildRegion,
        allCopyTo,
        spec.pipelines.map((p) => executionRoleArn(spec, p)),
      ),
    });
    const logs = new SecureBucket(this, 'build-logs', {
      provider: build,
      bucketName: bucketName('imagebuilder-logs', factoryId, buildRegion),
      kmsKeyArn: factoryKey.arn,
      expiryDays: BUILD_LOG_DAYS,
    });
    const topicName = awsName('imagebuilder-notifications');
    // Each pipeline's distribution: its per-region image keys and the distribution configuration.
    const distributions = new Map(
      spec.pipelines.map((p) => [
        p.key,
        new AmiDistribution(this, `distribution-${p.key}`, {
          providers: new Map(p.regions.map((r) => [r, this.provider(r)])),
          buildProvider: build,
          factoryAccountId: factoryId,
          name: p.name,
          amiName: amiName(p.key),
          regions: p.regions,
          keyAlias: kmsAlias('ami', p.key),
          executionRoleArn: executionRoleArn(spec, p),
          sharedWith: p.sharedWith,
          copyTo: p.copyTo,
          // A shared parameter is created by Terraform, so it is text: Parameter Store accepts
          // aws:ec2:image only with an AMI that exists in the account, validates it asynchronously, and
          // never converts a parameter to or from that type ("Parameter data types in Parameter
          // Store"). Before the first build there is no AMI; a vendor AMI as placeholder would let
          // consumers launch an unhardened image. The others (and every copyTo account's) are created
          // by Image Builder at the first build, validated as AMI IDs.
          parameter: p.parameter
            ? { name: p.parameter, factoryDataType: p.sharePrincipals.length > 0 ? 'text' : 'aws:ec2:image' }
            : undefined,
          amiTags: { 'patchline:pipeline': p.key },
          description: p.description ?? `Golden image ${p.key}`,
        }),
      ]),
    );
    // Each pipeline runs as its own role (Image Builder's service-linked role cannot write our parameters).
    const roles = new Map(
      spec.pipelines.map((p) => [
        p.key,
        new PipelineExecutionRole(this, `execution-${p.key}`, {
          provider: this.globalProvider,
          name: pipelineExecutionRoleName(p.key),
          pipelineName: p.name,
          accountId: factoryId,
          parameterArns: p.parameter ? p.regions.map((r) => ssmParameterArn(r, factoryId, p.parameter!)) : [],
          validatesAmiParameters: !!p.parameter && p.sharePrincipals.length === 0,
          kmsKeyArns: [factoryKey.arn, ...p.regions.map((r) => distributions.get(p.key)!.keyArns.get(r)!)],
          crossAccountRoleArns: p.copyTo.map((a) => roleArn(a, IMAGE_BUILDER_CROSS_ACCOUNT_DISTRIBUTION_ROLE)),
          snsTopicArn: `arn:aws:sns:${buildRegion}:${factoryId}:${topicName}`,
          inlinePolicyName: inlinePolicyName('pipeline-parameters-keys-and-notifications'),
        }),
      ]),
    );
    const topic = new NotificationTopic(this, 'notifications', {
      provider: build,
      name: topicName,
      accountId: factoryId,
      kmsKeyArn: factoryKey.arn,
      email: spec.email,
      publisherRoleArns: [...roles.values()].map((r) => r.arn),
    });
    const instance = new BuildInstanceRole(this, 'build-instance', {
      provider: this.globalProvider,
      name: awsName('imagebuilder-instance'),
      logsBucketArn: logs.arn,
      logPrefixes: spec.pipelines.map((p) => p.key),
      kmsKeyArn: factoryKey.arn,
      inlinePolicyName: inlinePolicyName('build-logs-and-components'),
    });

    const retention: RetentionRule[] = [];
    for (const p of spec.pipelines) {
      const tags = { 'patchline:pipeline': p.key };
      const shared = p.sharePrincipals.length > 0;
      const distribution = distributions.get(p.key)!;
      const role = roles.get(p.key)!;
      const parameters =
        p.parameter && shared
          ? p.regions.map(
              (region) =>
                new SharedSsmParameter(this, `parameter-${p.key}-${region}`, {
                  provider: this.provider(region),
                  name: p.parameter!,
                  description: `Latest ${p.key} golden AMI ID, written by EC2 Image Builder after every build`,
                  placeholder: PARAMETER_PLACEHOLDER,
                  shareName: parameterShareName(p.key),
                  principals: p.sharePrincipals,
                }),
            )
          : [];
      const pipeline = new GoldenImagePipeline(this, `pipeline-${p.key}`, {
        provider: build,
        region: buildRegion,
        name: p.name,
        description: p.description,
        platform: p.platform,
        parentImage: p.parentImage,
        components: p.components,
        tests: p.tests,
        rootDeviceName: p.rootDeviceName,
        rootVolumeSizeGb: p.rootVolumeSizeGb,
        kmsKeyArn: factoryKey.arn,
        instanceProfileName: instance.instanceProfileName,
        instanceTypes: p.instanceTypes,
        network: spec.network,
        logsBucketName: logs.name,
        logsPrefix: p.key,
        snsTopicArn: topic.arn,
        distributionConfigurationArn: distribution.arn,
        executionRoleArn: role.arn,
        schedule: p.schedule,
        scanning: p.scanning,
        tags,
        // The parameters must exist before a build writes them (Image Builder would create them
        // otherwise), and the role must carry its permissions before a build runs as it.
        dependsOn: [...parameters.map((x) => x.parameter), role.managedPolicies, role.policy],
      });
      const { keepLatest, deprecateAfterDays, deleteAfterDays, keepLaunchedWithinDays } = p.retention;
      retention.push({
        key: p.key,
        name: p.name,
        recipeName: p.name,
        recipeVersion: pipeline.recipeVersion,
        keepLatest,
        deprecateAfterDays,
        deleteAfterDays,
        keepLaunchedWithinDays,
      });

      new TerraformOutput(this, `${p.key}-pipeline-arn`, {
        value: pipeline.pipeline.arn,
        description: `Image Builder pipeline ${p.name}`,
      });
      for (const region of p.regions) {
        new TerraformOutput(this, `${p.key}-ami-key-arn-${region}`, {
          value: distribution.keyArns.get(region)!,
          description: `KMS key of ${p.key} images in ${region}: consumers grant their Auto Scaling role on it`,
        });
      }
      parameters.forEach(
        (param, i) =>
          new TerraformOutput(this, `${p.key}-parameter-arn-${p.regions[i]}`, {
            value: param.arn,
            description: `SSM parameter with the latest ${p.key} AMI ID in ${p.regions[i]}, shared with the consumers`,
          }),
      );
    }

    new ImageRetention(this, 'retention', {
      iamProvider: this.globalProvider,
      provider: build,
      roleName: awsName('imagebuilder-lifecycle'),
      accountId: factoryId,
      rules: retention,
    });
    // Observed evidence: failed image builds to the evidence account's alerts.
    addEvidenceSources(this, model, ['image-build'], { sync: false });
  }
}
