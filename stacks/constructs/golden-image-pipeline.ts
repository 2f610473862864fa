// One EC2 Image Builder pipeline: its own components, the image recipe, the infrastructure
// configuration of the build instances, and the scheduled, scanned pipeline itself.
//
// Recipes and components are immutable in AWS. Their versions derive from their content, and both
// are create-before-destroy: a changed component list plans as "create the new recipe, point the
// pipeline at it (an in-place update), then delete the old recipe" instead of deleting a recipe
// the pipeline still uses (ResourceDependencyException, terraform-provider-aws #39985).
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderImagePipeline } from '@cdktf/provider-aws/lib/imagebuilder-image-pipeline';
import { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import { ImagebuilderInfrastructureConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { contentVersion, managedComponentArn } from '../../src/naming';

/** A component of the recipe: AWS-managed by name, or an AWSTOE document of your own. */
export type ComponentSource =
  | { readonly kind: 'managed'; readonly name: string }
  | {
      readonly kind: 'document';
      /** Stable key (part of the resource address). */
      readonly key: string;
      /** Component name in AWS. */
      readonly name: string;
      /** The AWSTOE document text. */
      readonly data: string;
    };

export type Platform = 'Linux' | 'Windows';

/** Image tests stop after this long (Image Builder's maximum, 12 h). */
export const TEST_TIMEOUT_MINUTES = 720;

export interface PipelineSchedule {
  /** cron(...) expression. */
  readonly cron: string;
  /** IANA time zone the expression is read in. */
  readonly timezone: string;
  /** Build only when the parent image or a component has a newer version. */
  readonly onlyWhenUpdatesAvailable: boolean;
}

export interface GoldenImagePipelineProps {
  /** Provider of the build region. */
  readonly provider: AwsProvider;
  /** Build region code (for AWS-managed component ARNs). */
  readonly region: string;
  /** Name of the recipe, infrastructure configuration and pipeline. */
  readonly name: string;
  /** What the image is for.
   * @default none */
  readonly description?: string;
  readonly platform: Platform;
  /** Parent image as Image Builder takes it: `ssm:<parameter>`, an image ARN, or an AMI ID. */
  readonly parentImage: string;
  /** Build components, in order. */
  readonly components: readonly ComponentSource[];
  /** Test components, run on an instance launched from the new image. */
  readonly tests: readonly ComponentSource[];
  /** Root device name of the image. */
  readonly rootDeviceName: string;
  /** Root volume size in GiB.
   * @default the parent image's */
  readonly rootVolumeSizeGb?: number;
  /** Customer-managed key for the root volume and the component documents. */
  readonly kmsKeyArn: string;
  /** Instance profile of the build and test instances. */
  readonly instanceProfileName: string;
  /** Instance types for builds and tests.
   * @default Image Builder's choice */
  readonly instanceTypes?: readonly string[];
  /** Subnet and security groups of the build instances.
   * @default the default VPC */
  readonly network?: { readonly subnetId: string; readonly securityGroupIds: readonly string[] };
  /** Bucket and key prefix of the build logs. */
  readonly logsBucketName: string;
  readonly logsPrefix: string;
  /** Topic that gets build notifications. */
  readonly snsTopicArn: string;
  /** Role the pipeline runs as (instead of Image Builder's service-linked role). */
  readonly executionRoleArn: string;
  /** Where finished images go. */
  readonly distributionConfigurationArn: string;
  readonly schedule: PipelineSchedule;
  /** Scan each new image with Amazon Inspector. */
  readonly scanning: boolean;
  /** Tags for the build instances (and the pipeline's own resources).
   * @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Resources the pipeline must wait for, e.g. the SSM parameters its builds write.
   * @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export class GoldenImagePipeline extends Construct {
  readonly components: ReadonlyMap<string, ImagebuilderComponent>;
  readonly recipe: ImagebuilderImageRecipe;
  readonly infrastructure: ImagebuilderInfrastructureConfiguration;
  readonly pipeline: ImagebuilderImagePipeline;
  /** The recipe's content-derived version. */
  readonly recipeVersion: string;

  constructor(scope: Construct, id: string, props: GoldenImagePipelineProps) {
    super(scope, id);
    const provider = props.provider;
    const tags = props.tags;

    // One resource per document, even when it is both a build and a test component.
    const documents = new Map<string, { name: string; data: string; version: string }>();
    for (const c of [...props.components, ...props.tests]) {
      if (c.kind !== 'document') continue;
      const known = documents.get(c.key);
      // The same file as a build and a test component is one resource; two different documents under one key would drop one.
      if (known && known.data !== c.data) throw new Error(`component key ${c.key} names two different documents`);
      if (!known) {
        documents.set(c.key, { name: c.name, data: c.data, version: contentVersion(`${props.platform}\n${c.data}`) });
      }
    }
    const components = new Map<string, ImagebuilderComponent>();
    for (const [key, d] of [...documents].sort(([a], [b]) => a.localeCompare(b))) {
      components.set(
        key,
        new ImagebuilderComponent(this, `component-${key}`, {
          provider,
          name: d.name,
          version: d.version,
          platform: props.platform,
          data: d.data,
          kmsKeyId: props.kmsKeyArn,
          tags,
          lifecycle: { createBeforeDestroy: true },
        }),
      );
    }
    this.components = components;

    // What the recipe is made of, with content versions standing in for component ARNs (which
    // are only known after apply): the recipe version changes exactly when this does.
    const identity = (c: ComponentSource) =>
      c.kind === 'managed' ? managedComponentArn(props.region, c.name) : `${c.name}/${documents.get(c.key)!.version}`;
    const arn = (c: ComponentSource) =>
      c.kind === 'managed' ? managedComponentArn(props.region, c.name) : components.get(c.key)!.arn;
    const ordered = [...props.components, ...props.tests];
    const blockDevice = {
      deviceName: props.rootDeviceName,
      ebs: {
        encrypted: 'true',
        kmsKeyId: props.kmsKeyArn,
        deleteOnTermination: 'true',
        volumeType: 'gp3',
        ...(props.rootVolumeSizeGb !== undefined ? { volumeSize: props.rootVolumeSizeGb } : {}),
      },
    };
    this.recipeVersion = contentVersion(
      JSON.stringify({
        parentImage: props.parentImage,
        description: props.description ?? null,
        components: ordered.map(identity),
        rootDevice: { ...blockDevice, ebs: { ...blockDevice.ebs, kmsKeyId: 'factory-key' } },
      }),
    );
    this.recipe = new ImagebuilderImageRecipe(this, 'recipe', {
      provider,
      name: props.name,
      version: this.recipeVersion,
      description: props.description,
      parentImage: props.parentImage,
      component: ordered.map((c) => ({ componentArn: arn(c) })),
      blockDeviceMapping: [blockDevice],
      tags,
      lifecycle: { createBeforeDestroy: true },
    });

    this.infrastructure = new ImagebuilderInfrastructureConfiguration(this, 'infrastructure', {
      provider,
      name: props.name,
      description: `Build and test instances of ${props.name}`,
      instanceProfileName: props.instanceProfileName,
      instanceTypes: props.instanceTypes?.length ? [...props.instanceTypes] : undefined,
      subnetId: props.network?.subnetId,
      securityGroupIds: props.network ? [...props.network.securityGroupIds].sort() : undefined,
      // IMDSv2 only, and a hop limit of 1 so nothing behind the instance (containers) reaches it.
      instanceMetadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      terminateInstanceOnFailure: true,
      logging: { s3Logs: { s3BucketName: props.logsBucketName, s3KeyPrefix: props.logsPrefix } },
      snsTopicArn: props.snsTopicArn,
      resourceTags: tags,
      tags,
    });

    this.pipeline = new ImagebuilderImagePipeline(this, 'pipeline', {
      provider,
      name: props.name,
      description: props.description,
      imageRecipeArn: this.recipe.arn,
      infrastructureConfigurationArn: this.infrastructure.arn,
      distributionConfigurationArn: props.distributionConfigurationArn,
      executionRole: props.executionRoleArn,
      status: 'ENABLED',
      enhancedImageMetadataEnabled: true,
      imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: TEST_TIMEOUT_MINUTES },
      imageScanningConfiguration: { imageScanningEnabled: props.scanning },
      schedule: {
        scheduleExpression: props.schedule.cron,
        timezone: props.schedule.timezone,
        pipelineExecutionStartCondition: props.schedule.onlyWhenUpdatesAvailable
          ? 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE'
          : 'EXPRESSION_MATCH_ONLY',
      },
      tags,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
  }
}
