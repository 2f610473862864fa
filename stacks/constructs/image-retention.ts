// Image Builder lifecycle policies: keep each pipeline's newest images, deprecate and delete older
// ones by age, never below the number kept, and never an image whose AMI launched an instance
// recently. One execution role for all of them.
//
// Rules per pipeline (Image Builder counts per recipe version and evaluates deprecate before delete):
// - deprecateAfterDays D: DEPRECATE images older than D days, retaining at least keepLatest;
// - deleteAfterDays X:    DELETE (AMIs and snapshots) images older than X days, retaining at least keepLatest
//                         (X defaults to 2 x D when only D is given: see effectiveRetention);
// - neither:              DELETE all but the newest keepLatest (a count rule).
// Every DELETE excludes AMIs launched within keepLaunchedWithinDays (exclusion_rules.amis.last_launched,
// EC2's lastLaunchedTime of the AMI). The policy acts on the images' AMIs in every distribution
// region and, through Ec2ImageBuilderCrossAccountLifecycleAccess, on the copies in copyTo accounts;
// each copy is judged by its own last launch. What AWS cannot see: a launch template or Auto Scaling
// group that references an AMI but has not launched from it within the window (EC2 records launches,
// not references), and launches in the last ~24 hours (EC2 reports lastLaunchedTime with a delay).
//
// Selection is by recipe name and exact version: the API accepts `x.x.x` (every version), but the
// AWS provider 5.100 rejects it (^[0-9]+\.[0-9]+\.[0-9]+$); tag selection (resource_selection.tag_map)
// matches Image Builder image resources, and scheduled builds create those without tags (only
// StartImagePipelineExecution takes image tags; the pipeline's image_tags is not in provider 5.100;
// the patchline:pipeline tag is on the AMIs, which tag_map does not select). Images of a recipe
// version that a content change superseded therefore leave the policy's scope and are kept as they
// are; the README's "Golden images" section gives the manual step that retires them.
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import {
  ImagebuilderLifecyclePolicy,
  type ImagebuilderLifecyclePolicyPolicyDetail,
} from '@cdktf/provider-aws/lib/imagebuilder-lifecycle-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../../src/naming';
import { imageBuilderTrust, policyJson } from './policy';

export interface RetentionRule {
  /** Stable key (the pipeline's); part of the resource address. */
  readonly key: string;
  /** Lifecycle policy name. */
  readonly name: string;
  /** Name and version of the recipe whose images the policy manages. */
  readonly recipeName: string;
  readonly recipeVersion: string;
  /** Newest images never deprecated or deleted (1-10 with an age rule, up to 1000 otherwise). */
  readonly keepLatest: number;
  /** Deprecate images older than this many days.
   * @default never */
  readonly deprecateAfterDays?: number;
  /** Delete images older than this many days.
   * @default delete beyond keepLatest at once, unless deprecateAfterDays is set */
  readonly deleteAfterDays?: number;
  /** Never delete an image whose AMI launched an instance within this many days. */
  readonly keepLaunchedWithinDays: number;
}

export interface ImageRetentionProps {
  /** Provider for IAM (global). */
  readonly iamProvider: AwsProvider;
  /** Provider of the build region, where the images and policies live. */
  readonly provider: AwsProvider;
  /** Name of the lifecycle execution role. */
  readonly roleName: string;
  /** Account whose Image Builder may assume the role. */
  readonly accountId: string;
  readonly rules: readonly RetentionRule[];
}

/** The lifecycle policy details of one rule. */
export function retentionDetails(r: RetentionRule): ImagebuilderLifecyclePolicyPolicyDetail[] {
  const details: ImagebuilderLifecyclePolicyPolicyDetail[] = [];
  const age = (days: number) => ({ type: 'AGE', value: days, unit: 'DAYS', retainAtLeast: r.keepLatest });
  if (r.deprecateAfterDays !== undefined) {
    details.push({
      action: [{ type: 'DEPRECATE', includeResources: [{ amis: true }] }],
      filter: [age(r.deprecateAfterDays)],
    });
  }
  if (r.deleteAfterDays !== undefined || r.deprecateAfterDays === undefined) {
    details.push({
      action: [{ type: 'DELETE', includeResources: [{ amis: true, snapshots: true }] }],
      filter: [r.deleteAfterDays !== undefined ? age(r.deleteAfterDays) : { type: 'COUNT', value: r.keepLatest }],
      exclusionRules: [{ amis: [{ lastLaunched: [{ unit: 'DAYS', value: r.keepLaunchedWithinDays }] }] }],
    });
  }
  return details;
}

export class ImageRetention extends Construct {
  readonly role: IamRole;
  readonly policies: ReadonlyMap<string, ImagebuilderLifecyclePolicy>;

  constructor(scope: Construct, id: string, props: ImageRetentionProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      provider: props.iamProvider,
      name: props.roleName,
      description: 'Image Builder lifecycle policies: deprecate and delete old images',
      assumeRolePolicy: policyJson([imageBuilderTrust(props.accountId)]),
    });
    const attachments = new IamRolePolicyAttachmentsExclusive(this, 'managed-policies', {
      provider: props.iamProvider,
      roleName: this.role.name,
      policyArns: [awsManagedPolicyArn('service-role/EC2ImageBuilderLifecycleExecutionPolicy')],
    });
    const policies = new Map<string, ImagebuilderLifecyclePolicy>();
    for (const r of [...props.rules].sort((a, b) => a.key.localeCompare(b.key))) {
      policies.set(
        r.key,
        new ImagebuilderLifecyclePolicy(this, `policy-${r.key}`, {
          provider: props.provider,
          name: r.name,
          description: `Keeps the newest ${r.keepLatest} images of ${r.recipeName}`,
          executionRole: this.role.arn,
          resourceType: 'AMI_IMAGE',
          status: 'ENABLED',
          policyDetail: retentionDetails(r),
          resourceSelection: [{ recipe: [{ name: r.recipeName, semanticVersion: r.recipeVersion }] }],
          dependsOn: [attachments],
        }),
      );
    }
    this.policies = policies;
  }
}
