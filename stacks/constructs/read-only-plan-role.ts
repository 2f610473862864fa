// The role pull-request plans assume in an account: it can read everything Patchline manages there (what
// `terraform plan` refreshes) and nothing else, and only the CI's plan identity may assume it.
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { policyJson, type Statement } from './policy';

/**
 * Read actions per service Patchline manages (the resource types it synthesizes). Every action is a
 * Describe/Get/List/BatchGet: the Service Authorization Reference classifies these as Read or List access.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const MANAGED_SERVICE_READS: Readonly<Record<string, readonly string[]>> = {
  ec2: ['ec2:Describe*'],
  iam: ['iam:Get*', 'iam:List*'],
  imagebuilder: ['imagebuilder:Get*', 'imagebuilder:List*'],
  inspector2: ['inspector2:BatchGet*', 'inspector2:Describe*', 'inspector2:Get*', 'inspector2:List*'],
  kms: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
  logs: ['logs:Describe*', 'logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
  organizations: ['organizations:Describe*', 'organizations:List*'],
  ram: ['ram:Get*', 'ram:List*'],
  sns: ['sns:Get*', 'sns:List*'],
  ssm: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*'],
};

export interface ReadOnlyPlanRoleProps {
  /** Provider for IAM (global). */
  readonly provider: AwsProvider;
  /** Role name. */
  readonly roleName: string;
  /** The only principal that may assume the role (the CI's plan identity, a role or user ARN). */
  readonly trustedPrincipal: string;
  /** Bucket name prefix of the S3 buckets Patchline creates; bucket configuration is readable, objects are not. */
  readonly bucketPrefix: string;
  /** Objects a refresh reads the content of (aws_s3_object with a JSON body), as S3 object ARNs. */
  readonly readableObjectArns: readonly string[];
  /** The account's ID (for the KMS key ARNs those objects are encrypted with). */
  readonly accountId: string;
  /** State kept in S3: the plan may read it (objects under the prefix, and listing the bucket).
   * @default no state access */
  readonly state?: { readonly bucket: string; readonly keyPrefix: string };
}

export class ReadOnlyPlanRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ReadOnlyPlanRoleProps) {
    super(scope, id);
    const { provider } = props;
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.roleName,
      description: 'Read-only: terraform plan of the Patchline stacks from pull requests',
      maxSessionDuration: 3600,
      assumeRolePolicy: policyJson([
        {
          Sid: 'CiPlanIdentityOnly',
          Effect: 'Allow',
          Principal: { AWS: props.trustedPrincipal },
          Action: 'sts:AssumeRole',
        },
      ]),
    });
    const bucketArn = `arn:aws:s3:::${props.bucketPrefix}*`;
    const statements: Statement[] = [
      {
        Sid: 'ReadManagedServices',
        Effect: 'Allow',
        Action: Object.values(MANAGED_SERVICE_READS).flat(),
        Resource: '*',
      },
      // Bucket-level configuration only: object actions need object ARNs, which this statement does not name.
      {
        Sid: 'ReadPatchlineBucketConfiguration',
        Effect: 'Allow',
        Action: [
          's3:GetBucket*',
          's3:GetEncryptionConfiguration',
          's3:GetLifecycleConfiguration',
          's3:GetAccelerateConfiguration',
          's3:GetReplicationConfiguration',
          's3:ListBucket',
        ],
        Resource: bucketArn,
      },
    ];
    if (props.readableObjectArns.length) {
      statements.push({
        Sid: 'ReadGeneratedObjects',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [...props.readableObjectArns],
      });
      // Those objects are SSE-KMS: reading their body decrypts, only through S3 and only with this account's keys.
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys
      statements.push({
        Sid: 'DecryptGeneratedObjectsThroughS3',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:*:${props.accountId}:key/*`,
        Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
      });
    }
    if (props.state) {
      const { bucket, keyPrefix } = props.state;
      statements.push(
        {
          Sid: 'ListState',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: `arn:aws:s3:::${bucket}`,
          Condition: { StringLike: { 's3:prefix': `${keyPrefix}*` } },
        },
        { Sid: 'ReadState', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/${keyPrefix}*` },
      );
    }
    new IamRolePolicy(this, 'read-only', {
      provider,
      role: this.role.id,
      name: 'patchline-plan-read-only',
      policy: policyJson(statements),
    });
  }
}
