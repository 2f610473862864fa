// An S3 bucket that is private, encrypted with a customer-managed key, versioned, TLS-only and
// expires what it holds: the baseline for every bucket Patchline creates (logs, reports).
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { policyJson, type Statement } from './policy';

export interface SecureBucketProps {
  /** Provider of the bucket's region. */
  readonly provider: AwsProvider;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the customer-managed KMS key for default encryption (SSE-KMS, with an S3 bucket key). */
  readonly kmsKeyArn: string;
  /** Objects (and noncurrent versions) are deleted this many days after they are written (or replaced). */
  readonly expiryDays: number;
  /** Only objects below this prefix expire; elsewhere current objects stay and only the versions they
   * replaced (and incomplete uploads) are deleted after `expiryDays`.
   * @default '' (the whole bucket) */
  readonly expiryPrefix?: string;
  /** Extra bucket policy statements, e.g. a service's write access.
   * @default none */
  readonly statements?: readonly Statement[];
  /** Object Lock default retention: every object version is write-once for this many days. Only at creation
   * (turning it on replaces the bucket).
   * @default no Object Lock */
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number };
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Default encryption; objects written with the bucket's key depend on it. */
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  /** Bucket name and ARN (Terraform references). */
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      objectLockEnabled: props.objectLock ? true : undefined,
    });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
    const bucket = this.bucket.id;

    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // ACLs off: the bucket owner owns every object, so access is decided by policy alone.
    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [versioning],
      });
    }
    const expiryPrefix = props.expiryPrefix ?? '';
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [
        {
          id: 'expire',
          status: 'Enabled',
          filter: [{ prefix: expiryPrefix }],
          expiration: [{ days: props.expiryDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.expiryDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        // Outside the prefix, objects stay (e.g. documents something reads) but what they replaced goes.
        ...(expiryPrefix === ''
          ? []
          : [
              {
                id: 'expire-replaced',
                status: 'Enabled',
                filter: [{ prefix: '' }],
                noncurrentVersionExpiration: [{ noncurrentDays: props.expiryDays }],
                abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
              },
            ]),
      ],
    });
    const objects = `${this.arn}/*`;
    new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: policyJson([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [this.arn, objects],
          Condition: { Bool: { 'aws:SecureTransport': false } },
        },
        {
          Sid: 'DenyOutdatedTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [this.arn, objects],
          Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
        },
        ...(props.statements ?? []),
      ]),
    });
  }
}
