// The IAM role one Image Builder pipeline runs as (its `execution_role`), instead of the
// AWSServiceRoleForImageBuilder service-linked role.
//
// Why: the service-linked role may write SSM parameters only below /imagebuilder/, so publishing the
// AMI ID to any other name fails the build at distribution. The Image Builder guide ("Create and
// update AMI distribution configurations", Prerequisites for SSM output parameters) requires an
// execution role carrying ssm:PutParameter on the parameter, and ec2:DescribeImages when the
// parameter's data type is aws:ec2:image. A pipeline takes one execution role for everything it
// does, so the role also needs what the service-linked role did: the guide ("Configure image
// pipeline workflows", Specify the IAM service role) recommends the AWS managed
// EC2ImageBuilderExecutionPolicy for that baseline (launch build/test instances, run components
// through SSM, create, copy, tag and share AMIs, scan with Inspector). This role adds only what is
// specific to its pipeline: its own parameters, its own image keys, the cross-account
// distribution roles of its copyTo accounts, and the notification topic.
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { awsManagedPolicyArn } from '../../src/naming';
import { imageBuilderTrust, policyJson, sorted, type Statement } from './policy';

/** AWS managed baseline of an Image Builder execution role. */
export const EXECUTION_ROLE_MANAGED_POLICY = 'EC2ImageBuilderExecutionPolicy';

/** KMS actions to read a source image and write its encrypted copies. */
export const IMAGE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

export interface PipelineExecutionRoleProps {
  /** Provider for IAM (global). */
  readonly provider: AwsProvider;
  /** Role name. */
  readonly name: string;
  /** Pipeline the role belongs to (for its description). */
  readonly pipelineName: string;
  /** Account whose Image Builder may assume the role (aws:SourceAccount). */
  readonly accountId: string;
  /** ARNs of the SSM parameters the pipeline writes in this account, one per region.
   * @default none */
  readonly parameterArns?: readonly string[];
  /** Whether those parameters are validated as AMI IDs (data type aws:ec2:image): then ec2:DescribeImages.
   * @default false */
  readonly validatesAmiParameters?: boolean;
  /** Keys the pipeline encrypts and copies its images with (Terraform references allowed). */
  readonly kmsKeyArns: readonly string[];
  /** The EC2ImageBuilderDistributionCrossAccountRole of every copyTo account.
   * @default none */
  readonly crossAccountRoleArns?: readonly string[];
  /** Topic the pipeline's build notifications go to. */
  readonly snsTopicArn: string;
  /** Name of the inline policy. */
  readonly inlinePolicyName: string;
}

/** The statements of the role's inline policy (exported for tests and the security rules' reasoning). */
export function executionRoleStatements(
  p: Omit<PipelineExecutionRoleProps, 'provider' | 'name' | 'pipelineName' | 'accountId' | 'inlinePolicyName'>,
): Statement[] {
  const out: Statement[] = [];
  if (p.parameterArns?.length) {
    out.push({
      Sid: 'PublishAmiIdParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:PutParameter'],
      Resource: sorted(p.parameterArns),
    });
    // DescribeImages has no resource-level permissions (Service Authorization Reference): "*" is the only form.
    if (p.validatesAmiParameters)
      out.push({ Sid: 'ValidateAmiIdParameters', Effect: 'Allow', Action: 'ec2:DescribeImages', Resource: '*' });
  }
  out.push(
    { Sid: 'UseImageKeys', Effect: 'Allow', Action: IMAGE_KEY_ACTIONS, Resource: [...p.kmsKeyArns] },
    {
      Sid: 'GrantImageKeysToEc2',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: [...p.kmsKeyArns],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    },
  );
  if (p.crossAccountRoleArns?.length) {
    out.push({
      Sid: 'CopyIntoTargetAccounts',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: sorted(p.crossAccountRoleArns),
    });
  }
  out.push({ Sid: 'PublishBuildNotifications', Effect: 'Allow', Action: 'sns:Publish', Resource: p.snsTopicArn });
  return out;
}

export class PipelineExecutionRole extends Construct {
  readonly role: IamRole;
  /** Role ARN (a Terraform reference). */
  readonly arn: string;
  readonly managedPolicies: IamRolePolicyAttachmentsExclusive;
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: PipelineExecutionRoleProps) {
    super(scope, id);
    const provider = props.provider;
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.name,
      description: `EC2 Image Builder runs pipeline ${props.pipelineName} as this role`,
      assumeRolePolicy: policyJson([imageBuilderTrust(props.accountId)]),
    });
    this.arn = this.role.arn;
    this.managedPolicies = new IamRolePolicyAttachmentsExclusive(this, 'managed-policies', {
      provider,
      roleName: this.role.name,
      policyArns: [awsManagedPolicyArn(EXECUTION_ROLE_MANAGED_POLICY)],
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      provider,
      role: this.role.id,
      name: props.inlinePolicyName,
      policy: policyJson(executionRoleStatements(props)),
    });
  }
}
