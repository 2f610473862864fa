// The write-once evidence bucket: SSE-KMS with its own customer-managed key, versioned, private, TLS-only,
// Object Lock default retention, expiry after the same period. Systems Manager resource data sync
// (SyncToDestination) writes into it from every account of the organization.
//
// The sync's bucket and key statements follow "Configuring resource data sync for Inventory" (AWS Systems
// Manager User Guide, https://docs.aws.amazon.com/systems-manager/latest/userguide/inventory-create-resource-data-sync.html):
// ssm.amazonaws.com may read the bucket ACL, and put objects (with bucket-owner-full-control) and their tags
// below `<prefix>/*/accountid=*/*`, held to the organization with aws:SourceOrgID; the key lets the service
// generate data keys, under the same condition.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { CustomerManagedKey } from './customer-managed-key';
import { SecureBucket } from './secure-bucket';

export interface EvidenceBucketProps {
  /** Provider of the bucket's account and region. */
  readonly provider: AwsProvider;
  /** The account that owns the bucket and key. */
  readonly accountId: string;
  /** Organization ID: only its accounts' syncs may write. */
  readonly organizationId: string;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** KMS alias of the bucket key. */
  readonly keyAlias: string;
  /** Prefix resource data syncs write below (their `S3Destination.Prefix`). */
  readonly syncPrefix: string;
  /** Days every object version is locked, and after which it expires. */
  readonly retentionDays: number;
  /** Object Lock mode. */
  readonly objectLockMode: 'GOVERNANCE' | 'COMPLIANCE';
}

export class EvidenceBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Key ARN (a Terraform reference). */
  readonly keyArn: string;
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    const { provider, organizationId } = props;
    this.bucketName = props.bucketName;
    this.bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const fromOrg = { 'aws:SourceOrgID': organizationId };
    const key = new CustomerManagedKey(this, 'key', {
      provider,
      alias: props.keyAlias,
      description: `Patchline observed evidence (S3 ${props.bucketName})`,
      accountId: props.accountId,
      statements: [
        {
          Sid: 'ResourceDataSyncOfTheOrganizationEncrypts',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
          Condition: { StringEquals: fromOrg },
        },
      ],
    });
    this.keyArn = key.arn;
    const syncObjects = `${this.bucketArn}/${props.syncPrefix}/*/accountid=*/*`;
    this.bucket = new SecureBucket(this, 'bucket', {
      provider,
      bucketName: props.bucketName,
      kmsKeyArn: key.arn,
      expiryDays: props.retentionDays,
      objectLock: { mode: props.objectLockMode, days: props.retentionDays },
      statements: [
        {
          Sid: 'SSMBucketPermissionsCheck',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: this.bucketArn,
          Condition: { StringEquals: fromOrg },
        },
        {
          Sid: 'SSMBucketDelivery',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: syncObjects,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromOrg } },
        },
        {
          Sid: 'SSMBucketDeliveryTagging',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Action: 's3:PutObjectTagging',
          Resource: syncObjects,
          Condition: { StringEquals: fromOrg },
        },
      ],
    });
  }
}
