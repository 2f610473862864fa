// Where patch runs write their logs in one account and region: a SecureBucket and a CloudWatch log group,
// both encrypted with one customer-managed key. Instances write with their own (the team's) instance-profile
// credentials, so the bucket and key policies grant that access to principals of the account itself; the
// bucket also holds BaselineOverride documents that instances read, below a prefix that never expires.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Construct } from 'constructs';
import { CustomerManagedKey } from './customer-managed-key';
import type { Condition } from './policy';
import { SecureBucket } from './secure-bucket';

export interface PatchLogBucketProps {
  /** Provider of the bucket's account and region. */
  readonly provider: AwsProvider;
  /** The account that owns the bucket, the key and the instances that write to them. */
  readonly accountId: string;
  /** The organization ID; `*` principals in the key and bucket policies are also held to it. */
  readonly organizationId: string;
  /** Region of the bucket (for the KMS ViaService and log-group ARN conditions). */
  readonly region: string;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** KMS alias of the key, e.g. alias/patchline/patching. */
  readonly keyAlias: string;
  /** CloudWatch log group that Run Command output streams to. */
  readonly logGroupName: string;
  /** Days the log group keeps events; must be a value CloudWatch accepts. */
  readonly logGroupRetentionDays: number;
  /** Prefix instances write logs below; objects there expire after `logExpiryDays`. */
  readonly logPrefix: string;
  /** Days after which log objects and any replaced versions are deleted. */
  readonly logExpiryDays: number;
  /** Prefix of documents instances read (BaselineOverride files); never expires. */
  readonly documentPrefix: string;
  /** Days a scheduled key deletion waits.
   * @default 30 */
  readonly keyDeletionWindowDays?: number;
}

/** A patch-log bucket, its log group and their key. */
export class PatchLogBucket extends Construct {
  /** Bucket name (a literal, known at synth time). */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Key ARN (a Terraform reference). */
  readonly keyArn: string;
  readonly logGroupName: string;
  private readonly provider: AwsProvider;
  private readonly documentPrefix: string;
  private readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: PatchLogBucketProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    this.provider = provider;
    this.documentPrefix = props.documentPrefix;
    // Logs expire below logPrefix; override documents must not, so neither prefix may contain the other.
    if (
      !props.logPrefix ||
      props.documentPrefix.startsWith(props.logPrefix) ||
      props.logPrefix.startsWith(props.documentPrefix)
    ) {
      throw new Error(
        `document prefix "${props.documentPrefix}" and log prefix "${props.logPrefix}" overlap: the documents would expire with the logs`,
      );
    }
    this.bucketName = props.bucketName;
    this.bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${props.logGroupName}`;

    const key = new CustomerManagedKey(this, 'key', {
      provider,
      alias: props.keyAlias,
      description: `Patchline patch logs (S3 ${props.bucketName}, CloudWatch ${props.logGroupName})`,
      accountId,
      deletionWindowInDays: props.keyDeletionWindowDays,
      statements: [
        {
          // Instances write logs and read override documents through S3 with their own credentials.
          Sid: 'AccountPrincipalsUseTheKeyThroughS3',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': accountId,
              'kms:ViaService': `s3.${region}.amazonaws.com`,
              'aws:PrincipalOrgID': props.organizationId,
            },
          },
        },
        {
          Sid: 'CloudWatchLogsEncryptsThePatchLogGroup',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
        },
      ],
    });
    this.keyArn = key.arn;

    // Principals of this account (which are in the organization too: the org condition keeps the `*`
    // principal inside the organization for any reader that checks only that).
    const sameAccount: Condition = {
      StringEquals: { 'aws:PrincipalAccount': accountId, 'aws:PrincipalOrgID': props.organizationId },
    };
    this.bucket = new SecureBucket(this, 'bucket', {
      provider,
      bucketName: props.bucketName,
      kmsKeyArn: key.arn,
      expiryDays: props.logExpiryDays,
      // Override documents must never expire (a missing one would fail every expedite run).
      expiryPrefix: props.logPrefix,
      statements: [
        {
          // SSM Agent checks the bucket's encryption before it uploads command output.
          Sid: 'AccountPrincipalsReadEncryptionSettings',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetEncryptionConfiguration',
          Resource: this.bucketArn,
          Condition: sameAccount,
        },
        {
          Sid: 'AccountPrincipalsWriteLogs',
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:PutObject', 's3:PutObjectAcl'],
          Resource: `${this.bucketArn}/${props.logPrefix}*`,
          Condition: sameAccount,
        },
        {
          Sid: 'AccountPrincipalsReadDocuments',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `${this.bucketArn}/${props.documentPrefix}*`,
          Condition: sameAccount,
        },
      ],
    });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: props.logGroupName,
      retentionInDays: props.logGroupRetentionDays,
      kmsKeyId: key.arn,
    });
    this.logGroupName = logGroup.name;
  }

  /**
   * Writes a document below the document prefix (SSE-KMS with this bucket's key) and returns its
   * `s3://bucket/key` URL (the form SSM documents take for private buckets) as a Terraform expression.
   */
  addDocument(id: string, key: string, content: string): string {
    // Only the document prefix is readable by instances and exempt from expiry.
    if (!key.startsWith(this.documentPrefix)) throw new Error(`document ${key} is not below ${this.documentPrefix}`);
    const object = new S3Object(this, id, {
      provider: this.provider,
      bucket: this.bucket.bucket.id,
      key,
      content,
      contentType: 'application/json',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: this.keyArn,
      // Default encryption must be in place before anything writes objects.
      dependsOn: [this.bucket.encryption],
    });
    // Built from the object's attributes, so whatever reads the URL is created after the upload.
    return `s3://${object.bucket}/${object.key}`;
  }
}
